package dev.corral.scan.source.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Malformed results skipped during a search: the count and the first few reasons. */
final class HitProblems {
  static final int KEPT = 3;

  private final List<String> first = new ArrayList<>();
  private long count;

  /**
   * Counts one skipped result.
   *
   * @param result the result's number in the search, from 1
   */
  void add(long result, String reason) {
    count++;
    if (first.size() < KEPT) {
      first.add("result " + result + ": " + Text.oneLine(reason));
    }
  }

  long count() {
    return count;
  }

  /** {@code 2 bad results skipped (result 17: no 'ip_str'; result 40: ...)}. */
  Optional<String> summary() {
    if (count == 0) {
      return Optional.empty();
    }
    StringBuilder out = new StringBuilder(Text.count(count, "bad result", "bad results"));
    out.append(" skipped (").append(String.join("; ", first));
    if (count > first.size()) {
      out.append("; and ").append(Text.count(count - first.size())).append(" more");
    }
    return Optional.of(out.append(')').toString());
  }
}
