package dev.corral.gateway.policy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every route any Ollama release registers (ollama/ollama {@code server/routes.go}, all tags), each
 * either served to a role or refused on purpose. Lookups are one hash probe on the exact path, plus
 * two prefix checks for the routes with a path parameter: no regex on the hot path.
 */
final class RouteTable {

  /** How a path is known. */
  enum Kind {
    /** Served: see the routes by method. */
    SERVED,
    /** A real Ollama route the gateway never forwards (account, cloud, image, audio...). */
    FORBIDDEN,
    /** A cloud route, forwarded only with {@code allowCloudRoutes}. */
    CLOUD
  }

  /** One path: its kind and, for served paths, the route of each method. */
  record PathEntry(String pattern, Kind kind, Map<String, Route> byMethod, String allow) {

    /** The ready-made verdict for a request the head check lets through (no allocation). */
    Verdict allowed(Route route) {
      return ALLOWED.computeIfAbsent(route, r -> Verdict.allow(r, null));
    }
  }

  private static final java.util.concurrent.ConcurrentHashMap<Route, Verdict> ALLOWED =
      new java.util.concurrent.ConcurrentHashMap<>();

  static final String BLOBS_PREFIX = "/api/blobs/";
  static final String MODELS_PREFIX = "/v1/models/";
  static final String USER_KEYS_PREFIX = "/api/user/keys/";

  private final Map<String, PathEntry> exact = new HashMap<>();
  private final PathEntry blobs;
  private final PathEntry openAiModel;
  private final PathEntry userKeys;

  RouteTable(boolean allowCloudRoutes) {
    Role user = Role.USER;
    Role admin = Role.ADMIN;
    served("/", get("/", user, false), head("/", user));
    served("/api/version", get("/api/version", user, false), head("/api/version", user));
    served(
        "/api/tags",
        new Route("GET", "/api/tags", BodyKind.NONE, ListingKind.TAGS, user, false),
        head("/api/tags", user));
    served("/api/ps", new Route("GET", "/api/ps", BodyKind.NONE, ListingKind.PS, user, false));
    served("/api/generate", post("/api/generate", user, true));
    served("/api/chat", post("/api/chat", user, true));
    served("/api/embed", post("/api/embed", user, false));
    served("/api/embeddings", post("/api/embeddings", user, false));
    served("/api/show", post("/api/show", user, false));
    served("/api/pull", post("/api/pull", admin, true));
    served("/api/push", post("/api/push", admin, true));
    served("/api/create", post("/api/create", admin, true));
    served("/api/copy", post("/api/copy", admin, false));
    served(
        "/api/delete",
        new Route("DELETE", "/api/delete", BodyKind.JSON, ListingKind.NONE, admin, false));
    served("/v1/chat/completions", post("/v1/chat/completions", user, true));
    served("/v1/completions", post("/v1/completions", user, true));
    served("/v1/embeddings", post("/v1/embeddings", user, false));
    served(
        "/v1/models",
        new Route("GET", "/v1/models", BodyKind.NONE, ListingKind.OPENAI_MODELS, user, false));
    served("/v1/responses", post("/v1/responses", user, true));
    served("/v1/messages", post("/v1/messages", user, true));
    blobs =
        entry(
            "/api/blobs/:digest",
            new Route("POST", "/api/blobs/:digest", BodyKind.BLOB, ListingKind.NONE, admin, false),
            head("/api/blobs/:digest", admin));
    openAiModel = entry("/v1/models/:model", get("/v1/models/:model", user, false));

    // Real Ollama routes that are never forwarded: account routes act for the server's ollama.com
    // identity, the rest are experimental or not part of the API the gateway publishes.
    for (String path :
        List.of(
            "/api/me",
            "/api/signout",
            "/api/status",
            "/api/experimental/aliases",
            "/v1/images/generations",
            "/v1/images/edits",
            "/v1/audio/transcriptions")) {
      exact.put(path, new PathEntry(path, Kind.FORBIDDEN, Map.of(), ""));
    }
    userKeys = new PathEntry("/api/user/keys/:encodedKey", Kind.FORBIDDEN, Map.of(), "");
    // Cloud routes call ollama.com on the server's behalf.
    cloud(
        "/api/experimental/web_search",
        post("/api/experimental/web_search", user, false),
        allowCloudRoutes);
    cloud(
        "/api/experimental/web_fetch",
        post("/api/experimental/web_fetch", user, false),
        allowCloudRoutes);
    cloud(
        "/api/experimental/model-recommendations",
        get("/api/experimental/model-recommendations", user, false),
        allowCloudRoutes);
  }

  /** The entry for {@code path} (already checked clean), or null when Ollama has no such route. */
  PathEntry find(String path) {
    PathEntry found = exact.get(path);
    if (found != null) {
      return found;
    }
    if (path.startsWith(BLOBS_PREFIX) && path.indexOf('/', BLOBS_PREFIX.length()) < 0) {
      return path.length() > BLOBS_PREFIX.length() ? blobs : null;
    }
    if (path.startsWith(MODELS_PREFIX) && path.indexOf('/', MODELS_PREFIX.length()) < 0) {
      return path.length() > MODELS_PREFIX.length() ? openAiModel : null;
    }
    if (path.startsWith(USER_KEYS_PREFIX) && path.length() > USER_KEYS_PREFIX.length()) {
      return userKeys;
    }
    return null;
  }

  /** {@code POST /api/blobs/:digest}. */
  Route blobUpload() {
    return blobs.byMethod().get("POST");
  }

  /** All served routes, for documentation and tests. */
  List<Route> servedRoutes() {
    return java.util.stream.Stream.concat(
            exact.values().stream(), java.util.stream.Stream.of(blobs, openAiModel))
        .filter(e -> e.kind() == Kind.SERVED)
        .flatMap(e -> e.byMethod().values().stream())
        .toList();
  }

  private void served(String path, Route... routes) {
    exact.put(path, entry(path, routes));
  }

  private void cloud(String path, Route route, boolean allowed) {
    exact.put(path, allowed ? entry(path, route) : new PathEntry(path, Kind.CLOUD, Map.of(), ""));
  }

  private static PathEntry entry(String pattern, Route... routes) {
    Map<String, Route> byMethod = new HashMap<>();
    for (Route route : routes) {
      byMethod.put(route.method(), route);
    }
    // gin lists the methods of a 405's Allow header in its tree order.
    StringBuilder allow = new StringBuilder();
    for (String method : List.of("HEAD", "GET", "POST", "DELETE")) {
      if (byMethod.containsKey(method)) {
        allow.append(allow.isEmpty() ? "" : ", ").append(method);
      }
    }
    return new PathEntry(pattern, Kind.SERVED, Map.copyOf(byMethod), allow.toString());
  }

  private static Route get(String pattern, Role role, boolean streams) {
    return new Route("GET", pattern, BodyKind.NONE, ListingKind.NONE, role, streams);
  }

  private static Route head(String pattern, Role role) {
    return new Route("HEAD", pattern, BodyKind.NONE, ListingKind.NONE, role, false);
  }

  private static Route post(String pattern, Role role, boolean streams) {
    return new Route("POST", pattern, BodyKind.JSON, ListingKind.NONE, role, streams);
  }
}
