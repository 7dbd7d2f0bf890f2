package dev.corral.gateway.config;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * The Ollama the gateway protects: {@code http://host:port}, nothing after the authority. Plain
 * HTTP only: the upstream is meant to sit on loopback or a private link next to the gateway.
 */
public record UpstreamUrl(Endpoint endpoint) {

  public static UpstreamUrl parse(String text) {
    URI uri;
    try {
      uri = new URI(text == null ? "" : text.strip());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("'" + text + "' is not a URL", e);
    }
    if (!"http".equalsIgnoreCase(uri.getScheme())) {
      throw new IllegalArgumentException(
          "'" + text + "': the upstream must be an http:// URL, e.g. http://127.0.0.1:11434");
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("'" + text + "' names no host");
    }
    if (uri.getRawUserInfo() != null
        || uri.getRawQuery() != null
        || uri.getRawFragment() != null
        || (uri.getRawPath() != null
            && !uri.getRawPath().isEmpty()
            && !uri.getRawPath().equals("/"))) {
      throw new IllegalArgumentException(
          "'" + text + "': give only scheme, host and port (no path, query or user)");
    }
    String host = uri.getHost();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port = uri.getPort() < 0 ? 80 : uri.getPort();
    return new UpstreamUrl(new Endpoint(host, port));
  }

  @Override
  public String toString() {
    return "http://" + endpoint.authority();
  }
}
