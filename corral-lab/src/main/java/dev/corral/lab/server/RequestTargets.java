package dev.corral.lab.server;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Splits and decodes a request-target the way Go's {@code url.ParseRequestURI} does. */
final class RequestTargets {
  private RequestTargets() {}

  /** Path, query and (for absolute-form targets) authority. */
  record Parts(String path, String rawQuery, String authority) {}

  /** Returns the parts, or null when Go would reject the target (bad escape, not a path). */
  static Parts parse(String target) {
    if (target.equals("*")) {
      return new Parts("*", "", null);
    }
    String authority = null;
    String rest = target;
    if (!target.startsWith("/")) {
      int scheme = target.indexOf("://");
      if (scheme <= 0) {
        return null;
      }
      int pathStart = target.indexOf('/', scheme + 3);
      int queryStart = target.indexOf('?', scheme + 3);
      int end = pathStart < 0 ? (queryStart < 0 ? target.length() : queryStart) : pathStart;
      if (queryStart >= 0 && queryStart < end) {
        end = queryStart;
      }
      authority = target.substring(scheme + 3, end);
      rest = target.substring(end);
      if (rest.isEmpty() || rest.startsWith("?")) {
        rest = "/" + rest;
      }
    }
    int q = rest.indexOf('?');
    String rawPath = q < 0 ? rest : rest.substring(0, q);
    String query = q < 0 ? "" : rest.substring(q + 1);
    String path = unescape(rawPath);
    return path == null ? null : new Parts(path, query, authority);
  }

  /** Percent-decoding of a path; null on a malformed escape, as Go refuses those. */
  static String unescape(String raw) {
    if (raw.indexOf('%') < 0) {
      return raw;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 2 >= raw.length()) {
          return null;
        }
        int hi = Character.digit(raw.charAt(i + 1), 16);
        int lo = Character.digit(raw.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          return null;
        }
        out.write(hi * 16 + lo);
        i += 2;
      } else {
        byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        out.write(bytes, 0, bytes.length);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
