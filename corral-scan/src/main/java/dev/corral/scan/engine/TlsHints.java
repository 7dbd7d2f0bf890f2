package dev.corral.scan.engine;

import dev.corral.scan.http.ProbeResult;
import java.util.List;
import java.util.Locale;

/**
 * How servers that speak only TLS answer a plain HTTP request, so the scanner can ask again over
 * https. Ollama published "safely" usually sits behind exactly such a front (Caddy, nginx, a Go
 * proxy), often on the same port 11434.
 */
final class TlsHints {
  /** What TLS servers write back to plain HTTP, lower-cased. */
  private static final List<String> WORDINGS =
      List.of(
          // Go's net/http (Caddy, Traefik, Go proxies): "HTTP/1.0 400 Bad Request" and this line
          "client sent an http request to an https server",
          // nginx with "listen ... ssl": 400 page titled so
          "the plain http request was sent to https port",
          // Apache httpd mod_ssl
          "speaking plain http to an ssl-enabled server port");

  /** Failures that mean the server hung up on plain HTTP without an HTTP answer. */
  private static final List<String> HANG_UPS = List.of("closed", "reset", "not-http");

  private TlsHints() {}

  /** True when the first round's answers look like a TLS port refusing plain HTTP. */
  static boolean plainHttpRefused(List<ProbeResult> first) {
    if (first.isEmpty()) {
      return false;
    }
    ProbeResult root = first.getFirst();
    if (root.answered()) {
      return root.status() == 400 && saysTlsOnly(root);
    }
    // Nothing answered at all and the server hung up: a TLS listener that drops plain bytes.
    return first.stream().noneMatch(ProbeResult::answered) && HANG_UPS.contains(root.failure());
  }

  private static boolean saysTlsOnly(ProbeResult r) {
    String text = r.response().start(2048).toLowerCase(Locale.ROOT);
    for (String wording : WORDINGS) {
      if (text.contains(wording)) {
        return true;
      }
    }
    return false;
  }

  /** A short reason for the evidence. */
  static String describe(List<ProbeResult> first) {
    ProbeResult root = first.getFirst();
    return root.answered() ? root.status() + " " + root.response().reason() : root.failure();
  }
}
