package dev.corral.scan.fingerprint;

import dev.corral.core.gojson.GoJsonReader;
import dev.corral.core.gojson.GoObject;
import dev.corral.scan.http.ProbeResult;
import java.util.List;
import java.util.Optional;

/**
 * Byte-level shapes of genuine Ollama answers. Each is independent of the others, so a look-alike
 * that copies one (the banner, or {@code /api/tags}) still fails the rest.
 */
final class OllamaShapes {
  private OllamaShapes() {}

  /** {@code GET /}: exactly "Ollama is running" as Gin's c.String writes it. */
  static boolean banner(ProbeResult r) {
    return r.status() == 200
        && r.text().equals("Ollama is running")
        && r.response().contentType().equals("text/plain; charset=utf-8");
  }

  /** The banner text anywhere, however served (weak: honeypots and dork-bait copy it). */
  static boolean bannerText(ProbeResult r) {
    return r.answered() && r.text().contains("Ollama is running");
  }

  /** Gin's default 404: {@code 404 page not found}, {@code text/plain} without charset. */
  static boolean ginNotFound(ProbeResult r) {
    return r.status() == 404
        && r.text().equals("404 page not found")
        && r.response().contentType().equals("text/plain");
  }

  /** Gin's default 405 (Ollama 0.7.0+). */
  static boolean ginMethodNotAllowed(ProbeResult r) {
    return r.status() == 405 && r.text().equals("405 method not allowed");
  }

  /** {@code {"version":"x"}} exactly, as gin.H renders it. */
  static boolean versionJson(ProbeResult r) {
    if (r.status() != 200 || !r.response().contentType().startsWith("application/json")) {
      return false;
    }
    // {"version":"<up to 64 chars without quote or backslash>"}, nothing else
    String t = r.text();
    String head = "{\"version\":\"";
    if (!t.startsWith(head) || !t.endsWith("\"}") || t.length() > head.length() + 2 + 64) {
      return false;
    }
    for (int i = head.length(); i < t.length() - 2; i++) {
      char c = t.charAt(i);
      if (c == '"' || c == '\\') {
        return false;
      }
    }
    return true;
  }

  /** 64 lower-case hex digits, as Ollama prints digests in listings. */
  static boolean hex64(String s) {
    if (s.length() != 64) {
      return false;
    }
    for (int i = 0; i < 64; i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  static Optional<String> version(ProbeResult r) {
    if (!versionJson(r)) {
      return Optional.empty();
    }
    return object(r).map(o -> o.string("version"));
  }

  /**
   * {@code /api/tags}: {@code {"models":[...]}} (or {@code null}, 0.1.35-0.1.37) whose entries
   * carry a 64-hex digest without prefix and a details object, as only Ollama writes them.
   */
  static boolean tags(ProbeResult r) {
    if (r.status() != 200 || !r.response().contentType().startsWith("application/json")) {
      return false;
    }
    Optional<GoObject> body = object(r);
    if (body.isEmpty() || !body.get().has("models")) {
      return false;
    }
    Object models = body.get().field("models").orElseThrow();
    if (models == GoJsonReader.NULL) {
      return true;
    }
    if (!(models instanceof List<?> list)) {
      return false;
    }
    for (Object entry : list) {
      if (!(entry instanceof GoObject model)
          || !hex64(model.string("digest"))
          || model.object("details").isEmpty()
          || model.string("name").isEmpty()) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code HEAD /api/blobs/sha256:0}: 400 with the length of {@code {"error":"invalid digest
   * format"}} (0.1.34+) or 404 with the length of {@code {"error":"blob \"sha256:0\" not found"}}.
   */
  static boolean blobProbe(ProbeResult r) {
    String length = r.answered() ? r.response().header("Content-Length") : null;
    return (r.status() == 400 && "33".equals(length)) || (r.status() == 404 && "39".equals(length));
  }

  static Optional<GoObject> object(ProbeResult r) {
    return r.answered() ? r.response().json() : Optional.empty();
  }
}
