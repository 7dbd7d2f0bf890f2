package dev.corral.gateway.policy;

import dev.corral.core.vuln.GatewayRule;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;

/**
 * Header hygiene: framing every reader agrees on, browser origins, the Host allowlist and the
 * Content-Type a body route needs. Works on Netty's headers without copying them.
 */
final class HeaderCheck {

  /** What the framing headers say about the body. */
  record Framing(boolean hasBody, long contentLength) {}

  private final List<String> origins;
  private final List<String> hosts;

  HeaderCheck(PolicySettings settings) {
    this.origins = settings.origins();
    this.hosts = settings.hosts();
  }

  /**
   * Reads Content-Length and Transfer-Encoding; null when they are ambiguous. {@code contentLength}
   * is -1 for a chunked body.
   */
  static Framing framing(HttpHeaders headers) {
    List<String> lengths = headers.getAll(HttpHeaderNames.CONTENT_LENGTH);
    List<String> codings = headers.getAll(HttpHeaderNames.TRANSFER_ENCODING);
    if (lengths.size() > 1 || codings.size() > 1 || (!lengths.isEmpty() && !codings.isEmpty())) {
      return null;
    }
    if (!codings.isEmpty()) {
      return codings.get(0).equalsIgnoreCase("chunked") ? new Framing(true, -1) : null;
    }
    if (lengths.isEmpty()) {
      return new Framing(false, 0);
    }
    long length = digits(lengths.get(0));
    return length < 0 ? null : new Framing(length > 0, length);
  }

  private static long digits(String value) {
    int n = value.length();
    if (n == 0 || n > 18) {
      return -1;
    }
    long v = 0;
    for (int i = 0; i < n; i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  /** Null when Origin and Host are acceptable, else the refusal. */
  Verdict originAndHost(HttpHeaders headers, Route route) {
    if (headers.contains(HttpHeaderNames.ORIGIN)) {
      List<String> values = headers.getAll(HttpHeaderNames.ORIGIN);
      if (values.size() != 1 || !listed(origins, values.get(0))) {
        return Verdict.deny(
            403, GatewayRule.HOST_ORIGIN_CHECK.id(), "browser origin not allowed", route);
      }
    }
    if (!hosts.isEmpty()) {
      List<String> values = headers.getAll(HttpHeaderNames.HOST);
      if (values.size() != 1 || !listed(hosts, values.get(0))) {
        return Verdict.deny(403, GatewayRule.HOST_ORIGIN_CHECK.id(), "host not allowed", route);
      }
    }
    return null;
  }

  private static boolean listed(List<String> allowed, String value) {
    for (int i = 0; i < allowed.size(); i++) {
      if (allowed.get(i).equalsIgnoreCase(value)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the single Content-Type is {@code expected}, with at most a {@code charset=utf-8}
   * parameter. Browsers can send {@code text/plain}, form and multipart bodies cross-site without a
   * preflight; requiring a JSON or binary type blocks those CSRF and DNS-rebinding payloads.
   */
  static boolean contentTypeIs(HttpHeaders headers, String... expected) {
    List<String> values = headers.getAll(HttpHeaderNames.CONTENT_TYPE);
    if (values.size() != 1) {
      return false;
    }
    String value = values.get(0);
    int semi = value.indexOf(';');
    String media = (semi < 0 ? value : value.substring(0, semi)).strip();
    boolean known = false;
    for (String type : expected) {
      known |= media.equalsIgnoreCase(type);
    }
    if (!known) {
      return false;
    }
    if (semi < 0) {
      return true;
    }
    String[] params = value.substring(semi + 1).split(";", -1);
    for (String param : params) {
      String p = param.strip();
      int eq = p.indexOf('=');
      if (eq < 0 || !p.substring(0, eq).strip().equalsIgnoreCase("charset")) {
        return false;
      }
      String charset = p.substring(eq + 1).strip();
      if (charset.length() >= 2 && charset.startsWith("\"") && charset.endsWith("\"")) {
        charset = charset.substring(1, charset.length() - 1);
      }
      if (!charset.equalsIgnoreCase("utf-8")) {
        return false;
      }
    }
    return true;
  }
}
