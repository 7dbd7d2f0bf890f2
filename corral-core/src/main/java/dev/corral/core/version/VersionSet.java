package dev.corral.core.version;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A union of version ranges, such as the versions an advisory affects. Overlapping and touching
 * ranges are merged on construction, so "is this whole inferred range affected?" is answered
 * correctly even when the data splits it ({@code <0.1.34} plus {@code >=0.1.34 <0.1.46}).
 */
public record VersionSet(List<VersionRange> ranges) {

  private static final Comparator<VersionRange> BY_LOWER =
      (a, b) -> {
        if (a.lower().isEmpty() || b.lower().isEmpty()) {
          return Boolean.compare(a.lower().isPresent(), b.lower().isPresent());
        }
        VersionRange.Bound x = a.lower().get();
        VersionRange.Bound y = b.lower().get();
        int c = x.version().compareTo(y.version());
        return c != 0 ? c : Boolean.compare(!x.inclusive(), !y.inclusive());
      };

  public VersionSet {
    ranges = merge(ranges);
  }

  public static VersionSet of(VersionRange... ranges) {
    return new VersionSet(List.of(ranges));
  }

  public static VersionSet none() {
    return new VersionSet(List.of());
  }

  public boolean isEmpty() {
    return ranges.isEmpty();
  }

  public boolean contains(OllamaVersion version) {
    return ranges.stream().anyMatch(r -> r.contains(version));
  }

  /** Some version of {@code range} is in this set. */
  public boolean intersects(VersionRange range) {
    return ranges.stream().anyMatch(r -> r.intersects(range));
  }

  /** Every version of {@code range} is in this set. */
  public boolean encloses(VersionRange range) {
    return range.isEmpty() || ranges.stream().anyMatch(r -> r.encloses(range));
  }

  private static List<VersionRange> merge(List<VersionRange> input) {
    List<VersionRange> sorted = new ArrayList<>();
    for (VersionRange range : input) {
      if (!range.isEmpty()) {
        sorted.add(range);
      }
    }
    sorted.sort(BY_LOWER);
    List<VersionRange> merged = new ArrayList<>();
    for (VersionRange range : sorted) {
      if (!merged.isEmpty() && joins(merged.getLast(), range)) {
        VersionRange last = merged.removeLast();
        merged.add(new VersionRange(last.lower(), looserUpper(last.upper(), range.upper())));
      } else {
        merged.add(range);
      }
    }
    return List.copyOf(merged);
  }

  /** {@code next} starts inside {@code previous} or right where it ends. */
  private static boolean joins(VersionRange previous, VersionRange next) {
    if (previous.upper().isEmpty() || next.lower().isEmpty()) {
      return true;
    }
    VersionRange.Bound end = previous.upper().get();
    VersionRange.Bound start = next.lower().get();
    int c = start.version().compareTo(end.version());
    return c < 0 || (c == 0 && (end.inclusive() || start.inclusive()));
  }

  private static Optional<VersionRange.Bound> looserUpper(
      Optional<VersionRange.Bound> a, Optional<VersionRange.Bound> b) {
    if (a.isEmpty() || b.isEmpty()) {
      return Optional.empty();
    }
    int c = a.get().version().compareTo(b.get().version());
    if (c != 0) {
      return c > 0 ? a : b;
    }
    return a.get().inclusive() ? a : b;
  }

  @Override
  public String toString() {
    return ranges.isEmpty()
        ? "(none)"
        : ranges.stream().map(VersionRange::toString).collect(Collectors.joining(" || "));
  }
}
