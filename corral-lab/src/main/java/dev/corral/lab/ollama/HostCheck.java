package dev.corral.lab.ollama;

import dev.corral.core.ollama.OllamaFeature;
import dev.corral.lab.persona.Persona;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Ollama's {@code allowedHostsMiddleware} (v0.1.29+), the DNS-rebinding guard. It only acts when
 * the server is bound to loopback: a server reachable from the network never checks Host.
 */
final class HostCheck {
  private final Persona persona;

  HostCheck(Persona persona) {
    this.persona = persona;
  }

  void apply(GinContext c) {
    if (!c.has(OllamaFeature.HOST_CHECK) || !persona.loopbackBind()) {
      return;
    }
    String host = splitHost(c.request.host());
    byte[] ip = parseIp(host);
    if (ip != null && (loopback(ip) || isPrivate(ip) || unspecified(ip) || localInterface(host))) {
      return;
    }
    if (allowedName(c, host)) {
      if (c.has(OllamaFeature.HOST_CHECK_OPTIONS_204) && c.request.method().equals("OPTIONS")) {
        c.abortWithStatus(204);
      }
      return;
    }
    c.abortWithStatus(403);
  }

  /** {@code net.SplitHostPort}, falling back to the whole value when it has no port. */
  static String splitHost(String hostPort) {
    if (hostPort.startsWith("[")) {
      int end = hostPort.indexOf(']');
      if (end > 0 && end + 1 < hostPort.length() && hostPort.charAt(end + 1) == ':') {
        return hostPort.substring(1, end);
      }
      return hostPort;
    }
    int colon = hostPort.indexOf(':');
    if (colon >= 0 && colon == hostPort.lastIndexOf(':')) {
      return hostPort.substring(0, colon);
    }
    return hostPort;
  }

  private boolean allowedName(GinContext c, String host) {
    // Case-insensitive from v0.5.2 on; before that an upper-case "LOCALHOST" was refused.
    boolean fold = c.has(OllamaFeature.HOST_CHECK_CASE_INSENSITIVE);
    String h = fold ? host.toLowerCase(Locale.ROOT) : host;
    String hostname = fold ? persona.hostname().toLowerCase(Locale.ROOT) : persona.hostname();
    if (h.isEmpty() || h.equals("localhost") || h.equals(hostname)) {
      return true;
    }
    return h.endsWith(".localhost") || h.endsWith(".local") || h.endsWith(".internal");
  }

  private boolean localInterface(String host) {
    // The emulated machine's own interface address is the one named in OLLAMA_HOST.
    String bind = splitHost(persona.ollamaHost());
    return host.equals(bind);
  }

  /** {@code netip.ParseAddr}: strict dotted-quad IPv4 or IPv6 (no brackets), else null. */
  static byte[] parseIp(String host) {
    if (host.matches(
        "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}")) {
      return literal(host);
    }
    if (host.contains(":") && host.matches("[0-9A-Fa-f:.]+(%[^%]+)?")) {
      return literal(host.replaceFirst("%.*$", ""));
    }
    return null;
  }

  private static byte[] literal(String text) {
    if (!text.contains(":")) {
      String[] parts = text.split("\\.", -1);
      byte[] ip = new byte[4];
      for (int i = 0; i < 4; i++) {
        ip[i] = (byte) Integer.parseInt(parts[i]);
      }
      return ip;
    }
    try {
      // A string of hex digits, colons and dots is parsed as an IPv6 literal: no name lookup.
      return InetAddress.getByName(text).getAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private static boolean loopback(byte[] ip) {
    if (ip.length == 4) {
      return ip[0] == 127;
    }
    for (int i = 0; i < 15; i++) {
      if (ip[i] != 0) {
        return false;
      }
    }
    return ip[15] == 1;
  }

  private static boolean isPrivate(byte[] ip) {
    if (ip.length == 4) {
      int a = ip[0] & 0xff;
      int b = ip[1] & 0xff;
      return a == 10 || (a == 172 && (b & 0xf0) == 16) || (a == 192 && b == 168);
    }
    return (ip[0] & 0xfe) == 0xfc;
  }

  private static boolean unspecified(byte[] ip) {
    for (byte b : ip) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }
}
