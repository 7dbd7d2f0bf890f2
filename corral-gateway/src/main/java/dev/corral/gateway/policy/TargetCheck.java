package dev.corral.gateway.policy;

/**
 * Accepts a request-target only when it is already the canonical path Ollama's router would match:
 * origin-form, no query, nothing to decode or clean. Go's {@code net/http} decodes percent-escapes
 * and {@code ServeMux} cleans {@code //}, {@code .} and {@code ..} (with a redirect), gin redirects
 * trailing slashes; a gateway that judged the raw text while Ollama acted on the cleaned one could
 * be walked around, so every such form is refused instead of normalised.
 */
final class TargetCheck {

  private static final boolean[] PATH_BYTE = new boolean[128];

  static {
    for (char c = 'a'; c <= 'z'; c++) {
      PATH_BYTE[c] = true;
    }
    for (char c = 'A'; c <= 'Z'; c++) {
      PATH_BYTE[c] = true;
    }
    for (char c = '0'; c <= '9'; c++) {
      PATH_BYTE[c] = true;
    }
    // '/' separates segments; '-', '_', '.' and ':' occur in model names and digests.
    PATH_BYTE['/'] = true;
    PATH_BYTE['-'] = true;
    PATH_BYTE['_'] = true;
    PATH_BYTE['.'] = true;
    PATH_BYTE[':'] = true;
  }

  private TargetCheck() {}

  /** Null when {@code target} is a clean path; otherwise why it is refused (client-safe). */
  static String problem(String target) {
    int n = target.length();
    if (n == 0 || target.charAt(0) != '/') {
      return "request target must be a path starting with /";
    }
    if (n > 2048) {
      return "request target too long";
    }
    int segmentStart = 1;
    for (int i = 1; i <= n; i++) {
      char c = i < n ? target.charAt(i) : '/';
      if (c == '/') {
        int len = i - segmentStart;
        if (len == 0 && !(i == n && n == 1)) {
          return i == n ? "trailing slash in path" : "empty path segment (//)";
        }
        if ((len == 1 && target.charAt(segmentStart) == '.')
            || (len == 2
                && target.charAt(segmentStart) == '.'
                && target.charAt(segmentStart + 1) == '.')) {
          return "dot segment in path";
        }
        segmentStart = i + 1;
        continue;
      }
      if (c == '?') {
        return "query strings are not accepted";
      }
      if (c == '%') {
        return "percent-encoding in path";
      }
      if (c >= 128 || !PATH_BYTE[c]) {
        return "character not allowed in path";
      }
    }
    return null;
  }
}
