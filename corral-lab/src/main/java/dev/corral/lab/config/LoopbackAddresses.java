package dev.corral.lab.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Expands the address forms a lab config accepts ({@code 127.0.10.1}, {@code
 * 127.0.10.1-127.0.10.20}, {@code 127.0.10.0/28}, {@code ::1}) and refuses anything that is not
 * loopback: the lab must never listen where others can reach it.
 */
final class LoopbackAddresses {
  static final int MAX_HOSTS = 4096;

  private LoopbackAddresses() {}

  static List<InetAddress> expand(String text) {
    String t = text.strip();
    if (t.contains("/")) {
      String[] parts = t.split("/", -1);
      int bits = parsePrefix(parts[1], t);
      long base = ipv4(parts[0], t) & (bits == 0 ? 0 : 0xFFFFFFFFL << (32 - bits) & 0xFFFFFFFFL);
      long size = 1L << (32 - bits);
      return range(base, base + size - 1, t);
    }
    if (t.contains("-")) {
      String[] parts = t.split("-", -1);
      if (parts.length != 2) {
        throw new IllegalArgumentException(
            "invalid address range '" + t + "': expected FIRST-LAST");
      }
      return range(ipv4(parts[0].strip(), t), ipv4(parts[1].strip(), t), t);
    }
    InetAddress address = literal(t);
    requireLoopback(address, t);
    return List.of(address);
  }

  private static int parsePrefix(String text, String whole) {
    try {
      int bits = Integer.parseInt(text);
      if (bits < 8 || bits > 32) {
        throw new NumberFormatException();
      }
      return bits;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "invalid prefix length in '" + whole + "': expected 8 to 32 (inside 127.0.0.0/8)", e);
    }
  }

  private static List<InetAddress> range(long first, long last, String whole) {
    if (last < first) {
      throw new IllegalArgumentException("address range '" + whole + "' ends before it starts");
    }
    if (last - first + 1 > MAX_HOSTS) {
      throw new IllegalArgumentException(
          "address range '"
              + whole
              + "' has "
              + (last - first + 1)
              + " addresses; the lab starts at most "
              + MAX_HOSTS);
    }
    List<InetAddress> list = new ArrayList<>();
    for (long ip = first; ip <= last; ip++) {
      InetAddress address = fromLong(ip);
      requireLoopback(address, whole);
      list.add(address);
    }
    return list;
  }

  private static long ipv4(String text, String whole) {
    InetAddress address = literal(text);
    byte[] b = address.getAddress();
    if (b.length != 4) {
      throw new IllegalArgumentException("ranges must be IPv4 in '" + whole + "'");
    }
    return ((b[0] & 0xFFL) << 24) | ((b[1] & 0xFFL) << 16) | ((b[2] & 0xFFL) << 8) | (b[3] & 0xFFL);
  }

  private static InetAddress fromLong(long ip) {
    byte[] b = {(byte) (ip >> 24), (byte) (ip >> 16), (byte) (ip >> 8), (byte) ip};
    try {
      return InetAddress.getByAddress(b);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Parses an IP literal without ever resolving a name. */
  static InetAddress literal(String text) {
    boolean ipv4 = text.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    boolean ipv6 = text.matches("\\[?[0-9A-Fa-f:.]+\\]?") && text.contains(":");
    if (!ipv4 && !ipv6) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "' is not an IP address (the lab takes loopback literals such as 127.0.10.1)");
    }
    try {
      return InetAddress.getByName(text.replace("[", "").replace("]", ""));
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("'" + text + "' is not a valid IP address", e);
    }
  }

  static void requireLoopback(InetAddress address, String whole) {
    if (!address.isLoopbackAddress()) {
      throw new IllegalArgumentException(
          "'" + whole + "' is not a loopback address: the lab only listens on 127.0.0.0/8 and ::1");
    }
  }
}
