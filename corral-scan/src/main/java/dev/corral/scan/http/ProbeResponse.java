package dev.corral.scan.http;

import dev.corral.core.gojson.GoJsonException;
import dev.corral.core.gojson.GoJsonReader;
import dev.corral.core.gojson.GoObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What came back for one request: status line, headers in wire order, and the body (at most the
 * client's cap; {@code truncated} says when more was sent). The body's JSON is decoded once, on
 * first use, since classification and record building both read it.
 */
public final class ProbeResponse {
  private final int status;
  private final String reason;
  private final List<Map.Entry<String, String>> headers;
  private final byte[] body;
  private final boolean truncated;
  private volatile Optional<GoObject> json;
  private volatile String text;

  public ProbeResponse(
      int status,
      String reason,
      List<Map.Entry<String, String>> headers,
      byte[] body,
      boolean truncated) {
    this.status = status;
    this.reason = reason;
    this.headers = List.copyOf(headers);
    this.body = body;
    this.truncated = truncated;
  }

  public int status() {
    return status;
  }

  public String reason() {
    return reason;
  }

  public List<Map.Entry<String, String>> headers() {
    return headers;
  }

  /** The body bytes; do not modify. */
  public byte[] body() {
    return body;
  }

  public boolean truncated() {
    return truncated;
  }

  /** First value of a header, case-insensitively, or null. */
  public String header(String name) {
    for (Map.Entry<String, String> h : headers) {
      if (h.getKey().equalsIgnoreCase(name)) {
        return h.getValue();
      }
    }
    return null;
  }

  public boolean has(String name) {
    return header(name) != null;
  }

  /** The first {@code max} bytes of the body as UTF-8, for evidence (no full decode). */
  public String start(int max) {
    if (body.length <= max) {
      return text();
    }
    return new String(body, 0, max, StandardCharsets.UTF_8);
  }

  /** The body decoded as UTF-8 (once). */
  public String text() {
    String t = text;
    if (t == null) {
      t = new String(body, StandardCharsets.UTF_8);
      text = t;
    }
    return t;
  }

  public String contentType() {
    String type = header("Content-Type");
    return type == null ? "" : type.toLowerCase(Locale.ROOT);
  }

  /** The body as a JSON object, decoded the way Ollama's Go code would, or empty. */
  public Optional<GoObject> json() {
    Optional<GoObject> parsed = json;
    if (parsed == null) {
      try {
        parsed =
            GoJsonReader.readValue(body) instanceof GoObject o ? Optional.of(o) : Optional.empty();
      } catch (GoJsonException e) {
        parsed = Optional.empty();
      }
      json = parsed;
    }
    return parsed;
  }
}
