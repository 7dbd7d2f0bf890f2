package dev.corral.scan.target;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place that says which addresses a broad target skips unless asked for by name. None of
 * them can be an Ollama server on the other end of a TCP connection: they are multicast, broadcast,
 * "this network" or unassigned. Probing them only produces noise and abuse complaints.
 *
 * <p>A target expression that lies wholly inside these ranges is kept (the user named it: {@code
 * 224.0.0.1}, {@code 240.0.0.0/24}); one that only overlaps them loses the overlap ({@code
 * 0.0.0.0/0} skips all of them). Loopback {@code 127.0.0.0/8} and the private ranges are
 * deliberately absent: the lab and every test run on loopback, and internal networks are what many
 * users scan.
 */
public final class ReservedRanges {

  /** One default-excluded block and why. */
  public record Range(String cidr, String why) {}

  /** The default-excluded blocks, in the order docs/scan-inputs.md lists them. */
  public static final List<Range> DEFAULT_EXCLUDED =
      List.of(
          new Range(
              "0.0.0.0/8", "\"this network\" (RFC 1122): a source address, not a destination"),
          new Range("224.0.0.0/4", "IPv4 multicast (RFC 5771)"),
          new Range("240.0.0.0/4", "reserved for future use (RFC 1112)"),
          new Range("255.255.255.255/32", "limited broadcast (RFC 919); inside 240.0.0.0/4 too"),
          new Range("ff00::/8", "IPv6 multicast (RFC 4291)"),
          new Range("::/128", "the IPv6 unspecified address (RFC 4291)"));

  private static final IntervalSet IPV4;
  private static final Ipv6Set IPV6;

  static {
    IntervalSet.Builder v4 = IntervalSet.builder();
    List<BigInteger[]> v6 = new ArrayList<>();
    for (Range range : DEFAULT_EXCLUDED) {
      AddressRange block = AddressRange.parse(range.cidr());
      if (block.ipv6()) {
        v6.add(new BigInteger[] {block.first(), block.last()});
      } else {
        v4.add(block.firstV4(), block.lastV4());
      }
    }
    IPV4 = v4.build();
    IPV6 = Ipv6Set.of(v6);
  }

  private ReservedRanges() {}

  static IntervalSet ipv4() {
    return IPV4;
  }

  static Ipv6Set ipv6() {
    return IPV6;
  }
}
