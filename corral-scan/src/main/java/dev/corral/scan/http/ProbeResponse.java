package dev.corral.scan.http;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What came back for one request: status line, headers in wire order, and the body (at most the
 * client's cap; {@code truncated} says when more was sent).
 */
@SuppressWarnings("ArrayRecordComponent") // the body is read, never changed
public record ProbeResponse(
    int status,
    String reason,
    List<Map.Entry<String, String>> headers,
    byte[] body,
    boolean truncated) {

  public ProbeResponse {
    headers = List.copyOf(headers);
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

  public String text() {
    return new String(body, StandardCharsets.UTF_8);
  }

  public String contentType() {
    String type = header("Content-Type");
    return type == null ? "" : type.toLowerCase(Locale.ROOT);
  }

  /** Header names in the order they arrived, as sent. */
  public List<String> headerNames() {
    return headers.stream().map(Map.Entry::getKey).toList();
  }
}
