package dev.corral.scan.target;

import java.util.Locale;

/**
 * One parsed target as written on the command line or in a targets file. Two shapes: a block of
 * addresses to enumerate ({@code 10.0.0.0/8}, {@code 10.0.0.1}, {@code 2001:db8::/120}) or one
 * named host that keeps its label ({@code ollama.example.com:8080}, {@code [::1]:11434}, a URL, a
 * single IPv6 address).
 */
sealed interface TargetExpression {
  /** Port meaning "take the ports of --ports". */
  int LIST_PORTS = 0;

  String text();

  /**
   * Addresses to enumerate; members get the address as their label.
   *
   * @param port {@link #LIST_PORTS} or the port written after the block
   */
  record Block(String text, AddressRange range, int port, String scheme)
      implements TargetExpression {}

  /**
   * One host that keeps {@code text} as its label.
   *
   * @param host canonical IP address or lower-case name
   * @param port {@link #LIST_PORTS} or the explicit (or URL scheme's) port
   */
  record Single(String text, String host, int port, String scheme) implements TargetExpression {}

  /** Parses one expression; the problem says what is wrong, the caller says where. */
  static TargetExpression parse(String raw) {
    String text = raw.strip();
    if (text.isEmpty()) {
      throw new SyntaxProblem("empty target");
    }
    if (text.indexOf(',') >= 0 || text.indexOf(' ') >= 0 || text.indexOf('\t') >= 0) {
      throw new SyntaxProblem(
          "one target at a time: separate targets with spaces on the command line, or put one per"
              + " line in a file");
    }
    int schemeEnd = text.indexOf("://");
    if (schemeEnd >= 0) {
      return url(text, text.substring(0, schemeEnd), text.substring(schemeEnd + 3));
    }
    if (text.startsWith("[")) {
      return bracketed(text, text, Target.HTTP, LIST_PORTS);
    }
    int colons = (int) text.chars().filter(c -> c == ':').count();
    if (colons >= 2) {
      // Bare IPv6: a port cannot follow without brackets, so there is none.
      AddressRange range = AddressRange.parse(text);
      if (range.single()) {
        return new Single(text, Ipv6Text.format(range.first()), LIST_PORTS, Target.HTTP);
      }
      return new Block(text, range, LIST_PORTS, Target.HTTP);
    }
    String hostPart = text;
    int port = LIST_PORTS;
    if (colons == 1) {
      int colon = text.indexOf(':');
      hostPart = text.substring(0, colon);
      port = explicitPort(text.substring(colon + 1), text);
    }
    if (hostPart.isEmpty()) {
      throw new SyntaxProblem("'" + text + "' has a port but no host");
    }
    if (AddressRange.looksLikeAddresses(hostPart)) {
      return new Block(text, AddressRange.parse(hostPart), port, Target.HTTP);
    }
    return new Single(text, HostNameText.check(hostPart), port, Target.HTTP);
  }

  private static TargetExpression url(String text, String schemeText, String rest) {
    String scheme = schemeText.toLowerCase(Locale.ROOT);
    if (!scheme.equals(Target.HTTP) && !scheme.equals(Target.HTTPS)) {
      throw new SyntaxProblem(
          "URL scheme '" + schemeText + "' is not supported (use http:// or https://)");
    }
    int end = rest.length();
    for (char stop : new char[] {'/', '?', '#'}) {
      int at = rest.indexOf(stop);
      if (at >= 0 && at < end) {
        end = at;
      }
    }
    String authority = rest.substring(0, end);
    if (authority.indexOf('@') >= 0) {
      throw new SyntaxProblem(
          "URL '"
              + text
              + "' carries a user name or password; corral takes no credentials in URLs");
    }
    // A URL without a port means the scheme's port, as everywhere else URLs are used.
    int defaultPort = scheme.equals(Target.HTTPS) ? 443 : 80;
    if (authority.startsWith("[")) {
      return bracketed(text, authority, scheme, defaultPort);
    }
    String host = authority;
    int port = defaultPort;
    int colon = authority.indexOf(':');
    if (colon >= 0) {
      host = authority.substring(0, colon);
      port = explicitPort(authority.substring(colon + 1), text);
    }
    if (host.isEmpty()) {
      throw new SyntaxProblem("URL '" + text + "' has no host");
    }
    if (AddressRange.looksLikeAddresses(host)) {
      if (host.indexOf('/') >= 0 || host.indexOf('-') >= 0) {
        throw new SyntaxProblem("URL '" + text + "' must name one host, not a range");
      }
      if (rest.substring(end).matches("/[0-9]{1,3}/?")) {
        // http://10.0.0.0/24 reads as host 10.0.0.0 with path /24: almost certainly meant as a
        // CIDR, so say so instead of probing one address.
        throw new SyntaxProblem(
            "URL '"
                + text
                + "' names one host; for a CIDR write it without http:// and give ports with"
                + " --ports");
      }
      return new Single(text, Ipv4Text.format(Ipv4Text.parse(host)), port, scheme);
    }
    return new Single(text, HostNameText.check(host), port, scheme);
  }

  /** {@code [v6]} or {@code [v6]:port}, alone or as a URL's authority. */
  private static TargetExpression bracketed(
      String text, String authority, String scheme, int defaultPort) {
    int close = authority.indexOf(']');
    if (close < 0) {
      throw new SyntaxProblem("'" + text + "': '[' without a closing ']'");
    }
    String inside = authority.substring(1, close);
    if (inside.indexOf(':') < 0) {
      throw new SyntaxProblem("'" + text + "': brackets are for IPv6 addresses only");
    }
    if (inside.indexOf('/') >= 0 || inside.indexOf('-') >= 0) {
      throw new SyntaxProblem(
          "'" + text + "': write IPv6 CIDRs and ranges without brackets (ports come from --ports)");
    }
    String address = Ipv6Text.format(Ipv6Text.parse(inside));
    String after = authority.substring(close + 1);
    if (after.isEmpty()) {
      return new Single(text, address, defaultPort, scheme);
    }
    if (!after.startsWith(":")) {
      throw new SyntaxProblem("'" + text + "': expected ':port' after ']'");
    }
    return new Single(text, address, explicitPort(after.substring(1), text), scheme);
  }

  private static int explicitPort(String portText, String text) {
    if (portText.isEmpty()) {
      throw new SyntaxProblem("'" + text + "' ends with ':' but no port");
    }
    return PortList.port(portText);
  }
}
