package dev.corral.lab.wire;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

/**
 * One HTTP request as the emulated Go server sees it.
 *
 * @param method request method, exactly as sent
 * @param target the raw request-target ({@code /api/tags?x=1}, {@code *}, or absolute form)
 * @param path the percent-decoded path, as Go's {@code URL.Path} (what Gin routes on)
 * @param rawQuery the query string without {@code ?}, or empty
 * @param protocolMajor 1
 * @param protocolMinor 0 or 1
 * @param headers request headers in arrival order, names as sent
 * @param host what Go puts in {@code Request.Host}: the Host header, or the authority of an
 *     absolute request-target
 * @param body the whole body
 * @param local the address the client connected to
 * @param remote the client address
 */
@SuppressWarnings("ArrayRecordComponent") // the body is read, never changed
public record LabRequest(
    String method,
    String target,
    String path,
    String rawQuery,
    int protocolMajor,
    int protocolMinor,
    List<Map.Entry<String, String>> headers,
    String host,
    byte[] body,
    InetSocketAddress local,
    InetSocketAddress remote) {

  public LabRequest {
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

  public boolean atLeastHttp11() {
    return protocolMajor > 1 || (protocolMajor == 1 && protocolMinor >= 1);
  }

  public boolean isHead() {
    return "HEAD".equals(method);
  }

  /** Go's {@code Request.wantsClose}/keep-alive rules for this request. */
  public boolean wantsClose() {
    String connection = header("Connection");
    if (atLeastHttp11()) {
      return connection != null && hasToken(connection, "close");
    }
    return connection == null || !hasToken(connection, "keep-alive");
  }

  private static boolean hasToken(String value, String token) {
    for (String part : value.split(",", -1)) {
      if (part.strip().equalsIgnoreCase(token)) {
        return true;
      }
    }
    return false;
  }
}
