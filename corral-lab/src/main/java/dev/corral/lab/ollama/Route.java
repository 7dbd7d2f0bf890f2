package dev.corral.lab.ollama;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One Gin route: a method, a pattern of static segments and {@code :params}, and its handler. */
record Route(String method, String pattern, Handler handler) {

  /** What runs when a route matches (after the global middlewares). */
  @FunctionalInterface
  interface Handler {
    void handle(GinContext context);
  }

  /** Parameters of a match, or empty when the path does not match the pattern. */
  Optional<Map<String, String>> match(String path) {
    List<String> want = segments(pattern);
    List<String> have = segments(path);
    if (want.size() != have.size()) {
      return Optional.empty();
    }
    java.util.LinkedHashMap<String, String> params = new java.util.LinkedHashMap<>();
    for (int i = 0; i < want.size(); i++) {
      String w = want.get(i);
      String h = have.get(i);
      if (w.startsWith(":")) {
        if (h.isEmpty()) {
          return Optional.empty();
        }
        params.put(w.substring(1), h);
      } else if (!w.equals(h)) {
        return Optional.empty();
      }
    }
    return Optional.of(params);
  }

  private static List<String> segments(String path) {
    if (!path.startsWith("/")) {
      return List.of("\u0000not-a-path");
    }
    return List.of(path.substring(1).split("/", -1));
  }
}
