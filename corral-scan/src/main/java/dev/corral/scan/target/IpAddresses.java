package dev.corral.scan.target;

/** Literal IP addresses for code outside this package, e.g. the candidate readers. */
public final class IpAddresses {
  private IpAddresses() {}

  /**
   * The canonical form of a literal IPv4 or IPv6 address ({@code 2001:DB8:0::1} → {@code
   * 2001:db8::1}); never a DNS lookup.
   *
   * @throws IllegalArgumentException saying what is wrong, without naming where the text came from
   */
  public static String canonical(String text) {
    try {
      if (text.indexOf(':') >= 0) {
        return Ipv6Text.format(Ipv6Text.parse(text));
      }
      return Ipv4Text.format(Ipv4Text.parse(text));
    } catch (SyntaxProblem e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /** A target for one address and port, labelled {@code 1.2.3.4:11434} or {@code [::1]:11434}. */
  public static Target target(String address, int port, String scheme) {
    String host = canonical(address);
    String label = (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    return new Target(label, host, port, scheme);
  }
}
