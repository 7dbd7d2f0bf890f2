package dev.corral.scan.target;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A set of IPv6 addresses as sorted, disjoint, non-adjacent inclusive intervals of 128-bit values.
 * The IPv6 side is small by construction (a few CIDRs of at most {@link TargetSpace#MAX_IPV6_BLOCK}
 * addresses to scan, a few ranges to exclude), so plain {@link BigInteger}s are fine here; the IPv4
 * side, which must be fast, is {@link IntervalSet}.
 */
final class Ipv6Set {
  static final Ipv6Set EMPTY = new Ipv6Set(List.of());

  private final BigInteger[] firsts;
  private final BigInteger[] lasts;
  private final BigInteger size;
  // Only when the size fits in a long, which is what indexing needs.
  private final long[] before;

  private Ipv6Set(List<BigInteger[]> merged) {
    firsts = merged.stream().map(p -> p[0]).toArray(BigInteger[]::new);
    lasts = merged.stream().map(p -> p[1]).toArray(BigInteger[]::new);
    BigInteger total = BigInteger.ZERO;
    for (BigInteger[] pair : merged) {
      total = total.add(pair[1].subtract(pair[0]).add(BigInteger.ONE));
    }
    size = total;
    if (total.bitLength() < 63) {
      before = new long[firsts.length + 1];
      for (int i = 0; i < firsts.length; i++) {
        before[i + 1] = before[i] + lasts[i].subtract(firsts[i]).longValueExact() + 1;
      }
    } else {
      before = null;
    }
  }

  /** Merges any intervals, given as {first, last} pairs. */
  static Ipv6Set of(List<BigInteger[]> intervals) {
    List<BigInteger[]> sorted = new ArrayList<>(intervals);
    sorted.sort(Comparator.comparing((BigInteger[] p) -> p[0]).thenComparing(p -> p[1]));
    List<BigInteger[]> merged = new ArrayList<>();
    for (BigInteger[] pair : sorted) {
      if (!merged.isEmpty()) {
        BigInteger[] last = merged.get(merged.size() - 1);
        if (pair[0].compareTo(last[1].add(BigInteger.ONE)) <= 0) {
          merged.set(merged.size() - 1, new BigInteger[] {last[0], last[1].max(pair[1])});
          continue;
        }
      }
      merged.add(new BigInteger[] {pair[0], pair[1]});
    }
    return new Ipv6Set(merged);
  }

  static Ipv6Set of(BigInteger first, BigInteger last) {
    return of(List.<BigInteger[]>of(new BigInteger[] {first, last}));
  }

  BigInteger size() {
    return size;
  }

  /** The size, for sets known to be small enough to index. */
  long indexableSize() {
    if (before == null) {
      throw new IllegalStateException("IPv6 set of " + size + " addresses is too large to index");
    }
    return before[firsts.length];
  }

  boolean isEmpty() {
    return firsts.length == 0;
  }

  int intervalCount() {
    return firsts.length;
  }

  BigInteger first(int interval) {
    return firsts[interval];
  }

  BigInteger last(int interval) {
    return lasts[interval];
  }

  BigInteger at(long index) {
    long size = indexableSize();
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException("index " + index + " of " + size);
    }
    int found = Arrays.binarySearch(before, 0, firsts.length, index);
    int interval = found >= 0 ? found : -found - 2;
    return firsts[interval].add(BigInteger.valueOf(index - before[interval]));
  }

  boolean contains(BigInteger address) {
    int interval = floor(address);
    return interval >= 0 && address.compareTo(lasts[interval]) <= 0;
  }

  /** True when every address of {@code [first, last]} is in this set. */
  boolean containsAll(BigInteger first, BigInteger last) {
    int interval = floor(first);
    return interval >= 0 && last.compareTo(lasts[interval]) <= 0;
  }

  private int floor(BigInteger address) {
    int found = Arrays.binarySearch(firsts, address);
    return found >= 0 ? found : -found - 2;
  }

  Ipv6Set union(Ipv6Set other) {
    List<BigInteger[]> all = new ArrayList<>();
    for (int i = 0; i < firsts.length; i++) {
      all.add(new BigInteger[] {firsts[i], lasts[i]});
    }
    for (int i = 0; i < other.firsts.length; i++) {
      all.add(new BigInteger[] {other.firsts[i], other.lasts[i]});
    }
    return of(all);
  }

  Ipv6Set minus(Ipv6Set other) {
    if (isEmpty() || other.isEmpty()) {
      return this;
    }
    List<BigInteger[]> out = new ArrayList<>();
    for (int i = 0; i < firsts.length; i++) {
      BigInteger start = firsts[i];
      BigInteger end = lasts[i];
      for (int k = 0; k < other.firsts.length && start.compareTo(end) <= 0; k++) {
        if (other.lasts[k].compareTo(start) < 0) {
          continue;
        }
        if (other.firsts[k].compareTo(end) > 0) {
          break;
        }
        if (other.firsts[k].compareTo(start) > 0) {
          out.add(new BigInteger[] {start, other.firsts[k].subtract(BigInteger.ONE)});
        }
        start = start.max(other.lasts[k].add(BigInteger.ONE));
      }
      if (start.compareTo(end) <= 0) {
        out.add(new BigInteger[] {start, end});
      }
    }
    return new Ipv6Set(out);
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("[");
    for (int i = 0; i < firsts.length; i++) {
      if (i > 0) {
        out.append(", ");
      }
      out.append(Ipv6Text.format(firsts[i]));
      if (!lasts[i].equals(firsts[i])) {
        out.append('-').append(Ipv6Text.format(lasts[i]));
      }
    }
    return out.append(']').toString();
  }
}
