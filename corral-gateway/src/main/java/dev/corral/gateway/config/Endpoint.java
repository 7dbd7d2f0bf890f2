package dev.corral.gateway.config;

import java.net.InetSocketAddress;

/**
 * A {@code host:port} to listen on or connect to. Hosts are IP literals or names resolved once at
 * start; IPv6 literals are written in brackets ({@code [::1]:8080}).
 */
public record Endpoint(String host, int port) {

  public Endpoint {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is out of range 0-65535");
    }
  }

  /** Parses {@code host:port}, {@code [v6]:port} or {@code :port} (host 127.0.0.1). */
  public static Endpoint parse(String text) {
    String s = text == null ? "" : text.strip();
    int colon = s.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException(
          "'" + text + "' is not host:port (e.g. 127.0.0.1:8080 or [::1]:8080)");
    }
    String host = s.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.contains(":")) {
      throw new IllegalArgumentException(
          "'" + text + "': write IPv6 addresses in brackets, e.g. [::1]:8080");
    }
    if (host.isEmpty()) {
      host = "127.0.0.1";
    }
    int port;
    try {
      port = Integer.parseInt(s.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "': the port is not a number", e);
    }
    return new Endpoint(host, port);
  }

  /** The socket address; resolves a host name. */
  public InetSocketAddress socketAddress() {
    return new InetSocketAddress(host, port);
  }

  /** As written in a Host header or a log line. */
  public String authority() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  @Override
  public String toString() {
    return authority();
  }
}
