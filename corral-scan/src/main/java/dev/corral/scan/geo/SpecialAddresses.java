package dev.corral.scan.geo;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;

/**
 * Addresses that have no country: loopback, private, link-local, shared (CGNAT), documentation,
 * benchmarking, multicast and reserved space, after the IANA special-purpose registries (RFC 6890
 * and successors). GeoIP databases give some of them a country anyway (the bundled one says {@code
 * 192.168.0.0/16} is in Australia), so they are answered without a lookup.
 */
final class SpecialAddresses {

  /** One IPv4 block and why it has no country; listed in docs/geoip.md. */
  record Block(String cidr, String why) {}

  static final List<Block> IPV4 =
      List.of(
          new Block("0.0.0.0/8", "\"this network\" (RFC 791, 1122)"),
          new Block("10.0.0.0/8", "private (RFC 1918)"),
          new Block("100.64.0.0/10", "shared address space, carrier-grade NAT (RFC 6598)"),
          new Block("127.0.0.0/8", "loopback (RFC 1122)"),
          new Block("169.254.0.0/16", "link-local (RFC 3927)"),
          new Block("172.16.0.0/12", "private (RFC 1918)"),
          new Block("192.0.0.0/24", "IETF protocol assignments (RFC 6890)"),
          new Block("192.0.2.0/24", "documentation, TEST-NET-1 (RFC 5737)"),
          new Block("192.88.99.0/24", "former 6to4 relay anycast (RFC 7526)"),
          new Block("192.168.0.0/16", "private (RFC 1918)"),
          new Block("198.18.0.0/15", "benchmarking (RFC 2544)"),
          new Block("198.51.100.0/24", "documentation, TEST-NET-2 (RFC 5737)"),
          new Block("203.0.113.0/24", "documentation, TEST-NET-3 (RFC 5737)"),
          new Block("224.0.0.0/4", "multicast (RFC 5771)"),
          new Block(
              "240.0.0.0/4", "reserved, and the limited broadcast 255.255.255.255 (RFC 1112)"));

  // IPV4 as network/mask pairs, for a loop of and-and-compare.
  private static final int[] NETWORKS = new int[IPV4.size()];
  private static final int[] MASKS = new int[IPV4.size()];

  static {
    for (int i = 0; i < IPV4.size(); i++) {
      String cidr = IPV4.get(i).cidr();
      int slash = cidr.indexOf('/');
      int prefix = Integer.parseInt(cidr.substring(slash + 1));
      int mask = prefix == 0 ? 0 : -1 << (32 - prefix);
      NETWORKS[i] = ipv4(cidr.substring(0, slash)) & mask;
      MASKS[i] = mask;
    }
  }

  private SpecialAddresses() {}

  /** True when the address is not a public unicast address, so it has no country. */
  static boolean special(InetAddress address) {
    byte[] bytes = address.getAddress();
    if (bytes.length == 4) {
      return specialIpv4(toInt(bytes, 0));
    }
    if (ipv4Mapped(bytes)) {
      return specialIpv4(toInt(bytes, 12));
    }
    return specialIpv6(bytes);
  }

  /**
   * The IPv4 address inside an IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}), or the address
   * itself. {@link InetAddress#getByName} already does this; {@link Inet6Address#getByAddress} does
   * not.
   */
  static InetAddress unmapped(InetAddress address) {
    if (address instanceof Inet6Address) {
      byte[] bytes = address.getAddress();
      if (ipv4Mapped(bytes)) {
        try {
          return Inet4Address.getByAddress(new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]});
        } catch (java.net.UnknownHostException e) {
          throw new AssertionError("four bytes are always an IPv4 address", e);
        }
      }
    }
    return address;
  }

  private static boolean specialIpv4(int address) {
    for (int i = 0; i < NETWORKS.length; i++) {
      if ((address & MASKS[i]) == NETWORKS[i]) {
        return true;
      }
    }
    return false;
  }

  /**
   * Only 2000::/3 is allocated for global unicast; everything else (::, ::1, ULA fc00::/7,
   * link-local fe80::/10, multicast ff00::/8, NAT64 64:ff9b::/96, discard 100::/64, ...) has no
   * country. Inside 2000::/3: IETF protocol assignments 2001::/23 (Teredo, benchmarking, ORCHID),
   * documentation 2001:db8::/32 and 3fff::/20, and 6to4 2002::/16.
   */
  private static boolean specialIpv6(byte[] b) {
    int first = b[0] & 0xff;
    int second = b[1] & 0xff;
    int third = b[2] & 0xff;
    int fourth = b[3] & 0xff;
    if ((first & 0xe0) != 0x20) {
      return true; // outside 2000::/3
    }
    if (first == 0x20 && second == 0x01) {
      if ((third & 0xfe) == 0x00) {
        return true; // 2001::/23
      }
      if (third == 0x0d && fourth == 0xb8) {
        return true; // 2001:db8::/32
      }
    }
    if (first == 0x20 && second == 0x02) {
      return true; // 2002::/16
    }
    return first == 0x3f && second == 0xff && (third & 0xf0) == 0x00; // 3fff::/20
  }

  private static boolean ipv4Mapped(byte[] b) {
    if (b.length != 16) {
      return false;
    }
    for (int i = 0; i < 10; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
  }

  private static int toInt(byte[] b, int offset) {
    return (b[offset] & 0xff) << 24
        | (b[offset + 1] & 0xff) << 16
        | (b[offset + 2] & 0xff) << 8
        | (b[offset + 3] & 0xff);
  }

  private static int ipv4(String dotted) {
    String[] parts = dotted.split("\\.", -1);
    int value = 0;
    for (String part : parts) {
      value = value << 8 | Integer.parseInt(part);
    }
    return value;
  }
}
