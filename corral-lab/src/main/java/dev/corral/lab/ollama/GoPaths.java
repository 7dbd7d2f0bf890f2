package dev.corral.lab.ollama;

import java.util.ArrayDeque;
import java.util.Deque;

/** Go's {@code path.Clean} and ServeMux's {@code cleanPath}. */
final class GoPaths {
  private GoPaths() {}

  /** ServeMux's cleanPath: rooted, cleaned, keeping a trailing slash. */
  static String cleanPath(String p) {
    if (p.isEmpty()) {
      return "/";
    }
    if (p.charAt(0) != '/') {
      p = "/" + p;
    }
    String np = clean(p);
    if (p.endsWith("/") && !np.equals("/")) {
      np = np + "/";
    }
    return np;
  }

  /** {@code path.Clean}: collapse slashes, drop {@code .}, resolve {@code ..}. */
  static String clean(String p) {
    if (p.isEmpty()) {
      return ".";
    }
    boolean rooted = p.startsWith("/");
    Deque<String> parts = new ArrayDeque<>();
    for (String part : p.split("/", -1)) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (!parts.isEmpty() && !parts.peekLast().equals("..")) {
          parts.removeLast();
        } else if (!rooted) {
          parts.addLast("..");
        }
        continue;
      }
      parts.addLast(part);
    }
    String joined = String.join("/", parts);
    if (rooted) {
      return "/" + joined;
    }
    return joined.isEmpty() ? "." : joined;
  }
}
