package dev.corral.audit.remote;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The URL to audit, split into what a connection needs.
 *
 * @param url the URL as given
 * @param tls {@code https}
 * @param host the host name or address, without brackets
 * @param port the port (the scheme's default when none is given)
 * @param hostHeader the Host header to send
 */
public record RemoteTarget(String url, boolean tls, String host, int port, String hostHeader) {

  /** Parses {@code http(s)://HOST[:PORT][/]}; a bare {@code HOST:PORT} means http. */
  public static RemoteTarget parse(String text) {
    String t = text.strip();
    if (!t.contains("://")) {
      t = "http://" + t;
    }
    URI uri;
    try {
      uri = new URI(t);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a URL: '" + text + "': " + e.getReason(), e);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException(
          "not an http or https URL: '" + text + "' (e.g. http://127.0.0.1:11434)");
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      throw new IllegalArgumentException("no host in '" + text + "'");
    }
    if (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/")) {
      throw new IllegalArgumentException(
          "'" + text + "' has a path: give the server's root URL (Ollama's routes start at /api)");
    }
    boolean tls = scheme.equals("https");
    int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
    String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    String hostHeader = uri.getPort() > 0 ? host + ":" + port : host;
    return new RemoteTarget(text.strip(), tls, bare, port, hostHeader);
  }

  /** {@code HOST:PORT} (brackets allowed around an IPv6 address), for {@code --direct}. */
  public static RemoteTarget parseHostPort(String text) {
    String t = text.strip();
    int colon = t.lastIndexOf(':');
    if (colon <= 0 || colon == t.length() - 1) {
      throw new IllegalArgumentException(
          "expected HOST:PORT, e.g. 10.0.0.5:11434, not '" + text + "'");
    }
    int port;
    try {
      port = Integer.parseInt(t.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "expected HOST:PORT, e.g. 10.0.0.5:11434, not '" + text + "'", e);
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port out of range in '" + text + "'");
    }
    String host = t.substring(0, colon);
    String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    return new RemoteTarget("http://" + t, false, bare, port, host + ":" + port);
  }
}
