package dev.corral.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts per distinct value. Memory grows with the number of different values (countries, model
 * names), never with the number of hosts counted.
 */
final class Tally {
  private final Map<String, long[]> counts = new HashMap<>();

  void add(String value) {
    counts.computeIfAbsent(value, v -> new long[1])[0]++;
  }

  long get(String value) {
    long[] count = counts.get(value);
    return count == null ? 0 : count[0];
  }

  /** The sum of all counts. */
  long total() {
    long sum = 0;
    for (long[] count : counts.values()) {
      sum += count[0];
    }
    return sum;
  }

  int distinct() {
    return counts.size();
  }

  /** The most frequent first, ties by value; {@code last} (if counted) goes at the end. */
  List<Summary.Row> rows(long whole, int limit, String last) {
    List<Map.Entry<String, long[]>> entries = new ArrayList<>(counts.entrySet());
    entries.sort(
        Comparator.comparing((Map.Entry<String, long[]> e) -> e.getKey().equals(last))
            .thenComparing((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]))
            .thenComparing(Map.Entry::getKey));
    List<Summary.Row> rows = new ArrayList<>();
    for (Map.Entry<String, long[]> e : entries) {
      if (rows.size() == limit) {
        break;
      }
      long hosts = e.getValue()[0];
      rows.add(new Summary.Row(e.getKey(), hosts, Percent.of(hosts, whole)));
    }
    return rows;
  }

  /** Every value, in the order of {@code order}; values it does not name are left out. */
  List<Summary.Row> rowsInOrder(long whole, List<String> order) {
    List<Summary.Row> rows = new ArrayList<>();
    for (String value : order) {
      long hosts = get(value);
      if (hosts > 0) {
        rows.add(new Summary.Row(value, hosts, Percent.of(hosts, whole)));
      }
    }
    return rows;
  }
}
