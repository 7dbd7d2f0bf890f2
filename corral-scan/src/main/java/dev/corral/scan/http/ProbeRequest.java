package dev.corral.scan.http;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One request the scanner may send. Only read-only requests and requests that fail early without
 * side effects exist in the default plan (ollama-http-behaviour.md section 9). Immutable; its label
 * (how evidence and observations name it) is computed once.
 */
public final class ProbeRequest {
  private final String method;
  private final String path;
  private final List<Map.Entry<String, String>> headers;
  private final String body;
  private final String label;

  /**
   * @param method GET, HEAD, OPTIONS or POST
   * @param path the request-target
   * @param headers extra headers (Host, User-Agent and Content-Length are added by the client)
   * @param body request body, empty for none
   */
  public ProbeRequest(
      String method, String path, List<Map.Entry<String, String>> headers, String body) {
    this.method = method;
    this.path = path;
    this.headers = List.copyOf(headers);
    this.body = body == null ? "" : body;
    this.label = computeLabel();
  }

  public String method() {
    return method;
  }

  public String path() {
    return path;
  }

  public List<Map.Entry<String, String>> headers() {
    return headers;
  }

  public String body() {
    return body;
  }

  public static ProbeRequest get(String path) {
    return new ProbeRequest("GET", path, List.of(), "");
  }

  public static ProbeRequest head(String path) {
    return new ProbeRequest("HEAD", path, List.of(), "");
  }

  public static ProbeRequest post(String path, String json) {
    return new ProbeRequest(
        "POST", path, List.of(Map.entry("Content-Type", "application/json")), json);
  }

  public static ProbeRequest options(String path, String origin) {
    return new ProbeRequest(
        "OPTIONS",
        path,
        List.of(Map.entry("Origin", origin), Map.entry("Access-Control-Request-Method", "GET")),
        "");
  }

  public byte[] bodyBytes() {
    return body.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * How evidence names the request: {@code GET /api/tags}, or with what tells two requests to the
   * same path apart ({@code OPTIONS /api/tags (Origin: tauri://corral)}, a POST's body).
   */
  public String label() {
    return label;
  }

  private String computeLabel() {
    String origin = header("Origin");
    if (origin != null) {
      return method + " " + path + " (Origin: " + origin + ")";
    }
    if (!body.isEmpty() && !body.equals("{}")) {
      return method + " " + path + " " + body;
    }
    return method + " " + path;
  }

  @Override
  public String toString() {
    return label;
  }

  private String header(String name) {
    for (Map.Entry<String, String> h : headers) {
      if (h.getKey().equalsIgnoreCase(name)) {
        return h.getValue();
      }
    }
    return null;
  }
}
