package dev.corral.scan.job;

import dev.corral.scan.target.Target;
import java.util.HashSet;
import java.util.Set;

/**
 * Which candidates were already taken, so a source that lists a service twice (Shodan downloads
 * hold one banner per crawl, API pages overlap, merged files repeat) costs one check, not several.
 *
 * <p>IPv4 candidates, nearly all of any real source, are packed into one {@code long} each and kept
 * in an open-addressing table: about 16 bytes per candidate, so a million take 16 MB where strings
 * in a {@code HashSet} would take over a hundred. IPv6 and names go into a plain set.
 */
final class SeenTargets {
  private static final long NOT_PACKED = -1L; // never a packed key, whose top bits are zero

  private long[] table = new long[1024];
  private int size;
  private final Set<String> others = new HashSet<>();

  /** True the first time a target (host, port and scheme) is offered, false after. */
  boolean firstTime(Target target) {
    long packed = pack(target);
    return packed == NOT_PACKED
        ? others.add(target.scheme() + "://" + target.authority())
        : add(packed);
  }

  private static long pack(Target t) {
    if (!t.hostIsAddress() || t.isIpv6()) {
      return NOT_PACKED;
    }
    long ip = 0;
    for (String part : t.host().split("\\.", -1)) {
      ip = (ip << 8) | Integer.parseInt(part);
    }
    return (ip << 17) | ((long) t.port() << 1) | (Target.HTTPS.equals(t.scheme()) ? 1 : 0);
  }

  private boolean add(long key) {
    if ((size + 1) * 2L > table.length) {
      grow();
    }
    if (!insert(table, key)) {
      return false;
    }
    size++;
    return true;
  }

  private static boolean insert(long[] into, long key) {
    int mask = into.length - 1;
    int i = (int) mix(key) & mask;
    while (true) {
      long slot = into[i];
      if (slot == 0) {
        into[i] = key + 1; // 0 marks a free slot, so keys are stored off by one
        return true;
      }
      if (slot == key + 1) {
        return false;
      }
      i = (i + 1) & mask;
    }
  }

  private void grow() {
    long[] bigger = new long[table.length * 2];
    for (long slot : table) {
      if (slot != 0) {
        insert(bigger, slot - 1);
      }
    }
    table = bigger;
  }

  /** Spreads packed keys, whose low bits (port, scheme) repeat, over the whole table. */
  private static long mix(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return h ^ (h >>> 32);
  }

  int size() {
    return size + others.size();
  }
}
