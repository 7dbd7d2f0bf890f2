package dev.corral.scan.target;

import java.util.Arrays;

/**
 * A set of IPv4 addresses as sorted, disjoint, non-adjacent inclusive intervals. Memory is three
 * {@code long}s per interval whatever the number of addresses, so {@code 0.0.0.0/0} costs the same
 * as one address; {@link #at(long)} finds the {@code n}th address by binary search, which is what
 * lets the generator visit a /8 in random order without listing it.
 */
public final class IntervalSet {
  public static final IntervalSet EMPTY = new IntervalSet(new long[0], new long[0]);

  private final long[] firsts;
  private final long[] lasts;
  // before[i] = number of addresses in intervals 0..i-1; the last entry is the size.
  private final long[] before;

  private IntervalSet(long[] firsts, long[] lasts) {
    this.firsts = firsts;
    this.lasts = lasts;
    this.before = new long[firsts.length + 1];
    for (int i = 0; i < firsts.length; i++) {
      before[i + 1] = before[i] + (lasts[i] - firsts[i] + 1);
    }
  }

  public static IntervalSet of(long first, long last) {
    return builder().add(first, last).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Number of addresses. */
  public long size() {
    return before[firsts.length];
  }

  public boolean isEmpty() {
    return firsts.length == 0;
  }

  public int intervalCount() {
    return firsts.length;
  }

  public long first(int interval) {
    return firsts[interval];
  }

  public long last(int interval) {
    return lasts[interval];
  }

  /** The {@code index}th address in ascending order, 0-based. */
  public long at(long index) {
    if (index < 0 || index >= size()) {
      throw new IndexOutOfBoundsException("index " + index + " of " + size());
    }
    int found = Arrays.binarySearch(before, 0, firsts.length, index);
    // An exact hit is the start of that interval; otherwise the interval before the insert point.
    int interval = found >= 0 ? found : -found - 2;
    return firsts[interval] + (index - before[interval]);
  }

  public boolean contains(long address) {
    int found = Arrays.binarySearch(firsts, address);
    int interval = found >= 0 ? found : -found - 2;
    return interval >= 0 && address <= lasts[interval];
  }

  /** True when every address of {@code [first, last]} is in this set. */
  public boolean containsAll(long first, long last) {
    int found = Arrays.binarySearch(firsts, first);
    int interval = found >= 0 ? found : -found - 2;
    return interval >= 0 && last <= lasts[interval];
  }

  public IntervalSet union(IntervalSet other) {
    Builder builder = builder();
    for (int i = 0; i < firsts.length; i++) {
      builder.add(firsts[i], lasts[i]);
    }
    for (int i = 0; i < other.firsts.length; i++) {
      builder.add(other.firsts[i], other.lasts[i]);
    }
    return builder.build();
  }

  /** This set without the addresses of {@code other}: one sweep over both interval lists. */
  public IntervalSet minus(IntervalSet other) {
    if (other.isEmpty() || isEmpty()) {
      return this;
    }
    LongPairs out = new LongPairs();
    int j = 0;
    for (int i = 0; i < firsts.length; i++) {
      long start = firsts[i];
      long end = lasts[i];
      while (j < other.firsts.length && other.lasts[j] < start) {
        j++;
      }
      int k = j;
      while (start <= end && k < other.firsts.length && other.firsts[k] <= end) {
        if (other.firsts[k] > start) {
          out.add(start, other.firsts[k] - 1);
        }
        start = Math.max(start, other.lasts[k] + 1);
        k++;
      }
      if (start <= end) {
        out.add(start, end);
      }
    }
    return new IntervalSet(out.firsts(), out.lasts());
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof IntervalSet that
        && Arrays.equals(firsts, that.firsts)
        && Arrays.equals(lasts, that.lasts);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(firsts) + Arrays.hashCode(lasts);
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("[");
    for (int i = 0; i < firsts.length; i++) {
      if (i > 0) {
        out.append(", ");
      }
      out.append(Ipv4Text.format(firsts[i]));
      if (lasts[i] != firsts[i]) {
        out.append('-').append(Ipv4Text.format(lasts[i]));
      }
    }
    return out.append(']').toString();
  }

  /**
   * Collects intervals in any order, overlapping or not, and merges them once in {@link #build()}.
   * Each interval costs one {@code long} until then (first and last packed), so a file of a million
   * single addresses stays small.
   */
  public static final class Builder {
    private long[] packed = new long[16];
    private int count;

    private Builder() {}

    public Builder add(long first, long last) {
      if (first < 0 || last > Ipv4Text.MAX || first > last) {
        throw new IllegalArgumentException("bad IPv4 interval " + first + "-" + last);
      }
      if (count == packed.length) {
        packed = Arrays.copyOf(packed, count * 2);
      }
      // Flipping the sign bit makes signed sort order the unsigned order of (first, last).
      packed[count++] = ((first << 32) | last) ^ Long.MIN_VALUE;
      return this;
    }

    public Builder addAll(IntervalSet set) {
      for (int i = 0; i < set.firsts.length; i++) {
        add(set.firsts[i], set.lasts[i]);
      }
      return this;
    }

    public IntervalSet build() {
      long[] sorted = Arrays.copyOf(packed, count);
      Arrays.sort(sorted);
      LongPairs out = new LongPairs();
      long start = -1;
      long end = -2;
      for (long value : sorted) {
        long pair = value ^ Long.MIN_VALUE;
        long first = pair >>> 32;
        long last = pair & Ipv4Text.MAX;
        if (start >= 0 && first <= end + 1) {
          end = Math.max(end, last); // overlapping or adjacent: merge
        } else {
          if (start >= 0) {
            out.add(start, end);
          }
          start = first;
          end = last;
        }
      }
      if (start >= 0) {
        out.add(start, end);
      }
      return new IntervalSet(out.firsts(), out.lasts());
    }
  }

  /** A growable pair of long arrays. */
  private static final class LongPairs {
    private long[] firsts = new long[8];
    private long[] lasts = new long[8];
    private int count;

    void add(long first, long last) {
      if (count == firsts.length) {
        firsts = Arrays.copyOf(firsts, count * 2);
        lasts = Arrays.copyOf(lasts, count * 2);
      }
      firsts[count] = first;
      lasts[count] = last;
      count++;
    }

    long[] firsts() {
      return Arrays.copyOf(firsts, count);
    }

    long[] lasts() {
      return Arrays.copyOf(lasts, count);
    }
  }
}
