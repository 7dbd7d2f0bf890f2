package dev.corral.scan.target;

/**
 * One thing to probe: a host and a port, spoken to over HTTP or HTTPS.
 *
 * @param label what the user wrote for it: the expression for a single host ({@code
 *     ollama.example.com}, {@code [2001:db8::1]:8080}, {@code https://ai.example.com/}), the
 *     address for a member of a range or CIDR ({@code 10.0.0.5}), with {@code :port} when the range
 *     named its port ({@code 10.0.0.5:8080})
 * @param host a literal IP address in canonical form ({@code 10.0.0.5}, {@code 2001:db8::1}, no
 *     brackets) or a host name in lower case; names are resolved by the engine, not here
 * @param port TCP port, 1 to 65535
 * @param scheme {@code http} or {@code https}
 */
public record Target(String label, String host, int port, String scheme) {
  public static final String HTTP = "http";
  public static final String HTTPS = "https";

  public Target {
    if (label == null || label.isBlank()) {
      throw new IllegalArgumentException("a target needs a label");
    }
    if (host == null || host.isBlank()) {
      throw new IllegalArgumentException("target '" + label + "' has no host");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(
          "target '" + label + "': port " + port + " is out of range (1-65535)");
    }
    if (!HTTP.equals(scheme) && !HTTPS.equals(scheme)) {
      throw new IllegalArgumentException(
          "target '" + label + "': scheme '" + scheme + "' is not http or https");
    }
  }

  /** True when {@link #host} is a literal IPv4 or IPv6 address, false for a name to resolve. */
  public boolean hostIsAddress() {
    return host.indexOf(':') >= 0 || Ipv4Text.isAddress(host);
  }

  /** True when {@link #host} is a literal IPv6 address. */
  public boolean isIpv6() {
    return host.indexOf(':') >= 0;
  }

  /** {@code host:port}, with the IPv6 address in brackets. */
  public String authority() {
    return (isIpv6() ? "[" + host + "]" : host) + ":" + port;
  }

  /** The base URL to probe, e.g. {@code http://10.0.0.5:11434}. */
  public String baseUrl() {
    return scheme + "://" + authority();
  }
}
