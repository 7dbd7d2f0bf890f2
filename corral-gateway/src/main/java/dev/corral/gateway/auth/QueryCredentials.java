package dev.corral.gateway.auth;

import java.util.Locale;
import java.util.Set;

/**
 * Finds credentials in a request-target's query string, where proxies, access logs and browser
 * histories would keep them. Query parameters are split on {@code &} and percent-decoded once, as
 * Go's {@code url.ParseQuery} does for Ollama; decoding never fails (a bad escape stays as it is).
 */
final class QueryCredentials {
  /** Parameter names that carry a credential in some API or another. */
  private static final Set<String> NAMES =
      Set.of(
          "key",
          "api_key",
          "apikey",
          "api-key",
          "x-api-key",
          "x_api_key",
          "token",
          "access_token",
          "accesstoken",
          "auth",
          "auth_token",
          "authorization",
          "bearer",
          "password",
          "passwd",
          "secret",
          "jwt");

  private QueryCredentials() {}

  /**
   * Whether the target holds anything key-shaped (in its path or its query), or its query a
   * credential-named parameter.
   */
  static boolean present(String target) {
    if (ApiKeys.mayHoldKey(target)) {
      // In the path too: a path that matches no route is written to the audit log as sent.
      return true;
    }
    int question = target.indexOf('?');
    if (question < 0) {
      return false;
    }
    int end = target.indexOf('#', question);
    String query = target.substring(question + 1, end < 0 ? target.length() : end);
    if (query.isEmpty()) {
      return false;
    }
    for (String part : query.split("[&;]", -1)) {
      int equals = part.indexOf('=');
      String name = decode(equals < 0 ? part : part.substring(0, equals));
      String value = equals < 0 ? "" : decode(part.substring(equals + 1));
      if (NAMES.contains(name.strip().toLowerCase(Locale.ROOT))) {
        return true;
      }
      if (ApiKeys.containsKeyLike(name) || ApiKeys.containsKeyLike(value)) {
        return true;
      }
    }
    return false;
  }

  /** Percent-decoding of ASCII escapes and {@code +} as space; anything else is kept as sent. */
  static String decode(String text) {
    if (text.indexOf('%') < 0 && text.indexOf('+') < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '+') {
        out.append(' ');
      } else if (c == '%'
          && i + 2 < text.length()
          && hex(text.charAt(i + 1)) >= 0
          && hex(text.charAt(i + 2)) >= 0) {
        out.append((char) (hex(text.charAt(i + 1)) * 16 + hex(text.charAt(i + 2))));
        i += 2;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }
}
