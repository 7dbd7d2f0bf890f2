package dev.corral.lab.ollama;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Gin's method trees for one version: lookup, the trailing-slash redirect hint, and the {@code
 * Allow} list for 405s in tree order (the order methods were first registered).
 */
final class Router {
  private final Map<String, List<Route>> trees = new LinkedHashMap<>();

  void add(String method, String pattern, Route.Handler handler) {
    trees.computeIfAbsent(method, m -> new ArrayList<>()).add(new Route(method, pattern, handler));
  }

  /** A matched route and its parameters. */
  record Match(Route route, Map<String, String> params) {}

  Optional<Match> find(String method, String path) {
    for (Route route : trees.getOrDefault(method, List.of())) {
      Optional<Map<String, String>> params = route.match(path);
      if (params.isPresent()) {
        return Optional.of(new Match(route, params.get()));
      }
    }
    return Optional.empty();
  }

  /** httprouter's "tsr": the path would match in this method's tree with/without its last slash. */
  boolean trailingSlashRedirect(String method, String path) {
    if (!trees.containsKey(method) || path.equals("/")) {
      return false;
    }
    String other = path.endsWith("/") ? path.substring(0, path.length() - 1) : path + "/";
    return find(method, other).isPresent();
  }

  /** Other methods whose tree matches the path, in tree order, as gin lists them in Allow. */
  List<String> allowedMethods(String method, String path) {
    List<String> allowed = new ArrayList<>();
    for (Map.Entry<String, List<Route>> tree : trees.entrySet()) {
      if (tree.getKey().equals(method)) {
        continue;
      }
      if (find(tree.getKey(), path).isPresent()) {
        allowed.add(tree.getKey());
      }
    }
    return allowed;
  }

  /** Whether any tree exists for the method (gin only tries tsr within the method's tree). */
  boolean hasTree(String method) {
    return trees.containsKey(method);
  }
}
