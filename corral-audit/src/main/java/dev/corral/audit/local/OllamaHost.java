package dev.corral.audit.local;

import java.util.Locale;

/**
 * An {@code OLLAMA_HOST} value read the way Ollama reads it: an optional scheme, a host (empty
 * means every interface) and a port (11434 when none is given).
 *
 * @param raw the value as written
 * @param host the host part, without brackets; empty for every interface
 * @param port the port
 */
public record OllamaHost(String raw, String host, int port) {
  public static final int DEFAULT_PORT = 11434;

  /** The default when {@code OLLAMA_HOST} is not set: loopback. */
  public static final OllamaHost DEFAULT = new OllamaHost("", "127.0.0.1", DEFAULT_PORT);

  public static OllamaHost parse(String value) {
    String v = value.strip();
    int defaultPort = DEFAULT_PORT;
    int scheme = v.indexOf("://");
    if (scheme >= 0) {
      String s = v.substring(0, scheme).toLowerCase(Locale.ROOT);
      defaultPort = s.equals("https") ? 443 : s.equals("http") ? 80 : DEFAULT_PORT;
      v = v.substring(scheme + 3);
    }
    int slash = v.indexOf('/');
    if (slash >= 0) {
      v = v.substring(0, slash);
    }
    if (v.isEmpty()) {
      return new OllamaHost(value, "127.0.0.1", defaultPort);
    }
    String host = v;
    int port = defaultPort;
    if (v.startsWith("[")) {
      int close = v.indexOf(']');
      host = close > 0 ? v.substring(1, close) : v.substring(1);
      String rest = close > 0 ? v.substring(close + 1) : "";
      if (rest.startsWith(":")) {
        port = portOr(rest.substring(1), defaultPort);
      }
    } else if (v.chars().filter(c -> c == ':').count() == 1) {
      host = v.substring(0, v.indexOf(':'));
      port = portOr(v.substring(v.indexOf(':') + 1), defaultPort);
    }
    return new OllamaHost(value, host, port);
  }

  private static int portOr(String text, int fallback) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  /** Ollama listens on every interface: empty host, 0.0.0.0 or ::. */
  public boolean allInterfaces() {
    return host.isEmpty() || host.equals("0.0.0.0") || host.equals("::");
  }

  /** Ollama listens on loopback only. */
  public boolean loopback() {
    return host.startsWith("127.") || host.equals("::1") || host.equalsIgnoreCase("localhost");
  }
}
