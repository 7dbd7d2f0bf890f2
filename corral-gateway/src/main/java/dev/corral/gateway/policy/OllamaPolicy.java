package dev.corral.gateway.policy;

import dev.corral.core.gojson.GoObject;
import dev.corral.core.vuln.GatewayRule;
import dev.corral.gateway.policy.gguf.GgufInspector;
import dev.corral.gateway.policy.json.StrictJson;
import dev.corral.gateway.policy.model.ModelGlobs;
import dev.corral.gateway.policy.model.ModelName;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The deny-by-default policy for an Ollama upstream: only routes in the {@link RouteTable} are
 * forwarded, to the roles they are meant for, with canonical paths, unambiguous framing and JSON,
 * allowlisted models and the virtual patches of {@link GatewayRule}. See {@code
 * docs/gateway-policy.md} for every rule and what it refuses.
 */
public final class OllamaPolicy implements RequestJudge {

  private final PolicySettings settings;
  private final RouteTable routes;
  private final HeaderCheck headers;
  private final BodyJudge bodies;
  private final ListingFilter listings;

  private static final int MAX_CACHED_GLOB_LISTS = 4096;

  /** Compiled allowlists by the caller's glob list; keys are few and their lists immutable. */
  private final ConcurrentHashMap<List<String>, ModelGlobs> globCache = new ConcurrentHashMap<>();

  public OllamaPolicy(PolicySettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.routes = new RouteTable(settings.allowCloudRoutes());
    this.headers = new HeaderCheck(settings);
    this.bodies = new BodyJudge(settings);
    this.listings = new ListingFilter();
  }

  /** Every route this policy forwards (for documentation and the data path's metrics labels). */
  public List<Route> servedRoutes() {
    return routes.servedRoutes();
  }

  /**
   * The {@code Allow} header value for a {@code route-method} refusal of {@code target}, as Ollama
   * (gin) would send it, e.g. {@code HEAD, GET}; empty when the path is not a served route.
   */
  public String allowedMethods(String target) {
    if (TargetCheck.problem(target) != null) {
      return "";
    }
    RouteTable.PathEntry entry = routes.find(target);
    return entry == null || entry.kind() != RouteTable.Kind.SERVED ? "" : entry.allow();
  }

  /**
   * A CORS preflight is answered by the gateway only when everything a real request would need from
   * the head alone holds: one Origin that the operator listed, an allowed Host, a clean path of a
   * served route, and an {@code Access-Control-Request-Method} that route serves. Anything else is
   * not a preflight to this policy, and the {@code OPTIONS} is refused as usual.
   */
  @Override
  public Preflight preflight(RequestHead head) {
    if (settings.origins().isEmpty() || !"OPTIONS".equals(head.method())) {
      return null;
    }
    try {
      String method = head.headers().get("Access-Control-Request-Method");
      if (method == null || TargetCheck.problem(head.target()) != null) {
        return null;
      }
      HeadFields fields = HeadFields.scan(head.headers());
      String origin = headers.listedOrigin(fields);
      RouteTable.PathEntry entry = routes.find(head.target());
      if (origin == null || entry == null || entry.kind() != RouteTable.Kind.SERVED) {
        return null;
      }
      Route route = entry.byMethod().get(method.strip());
      if (route == null || headers.originAndHost(fields, route) != null) {
        return null;
      }
      return new Preflight(
          origin, entry.allow(), Preflight.ALLOWED_HEADERS, Preflight.MAX_AGE_SECONDS);
    } catch (RuntimeException e) {
      return null; // hostile input: not a preflight, so judged (and refused) as usual
    }
  }

  @Override
  public String corsOrigin(RequestHead head) {
    if (settings.origins().isEmpty()) {
      return null;
    }
    try {
      return headers.listedOrigin(HeadFields.scan(head.headers()));
    } catch (RuntimeException e) {
      return null;
    }
  }

  @Override
  public Verdict judgeHead(Caller caller, RequestHead head) {
    try {
      return judgeHeadUnchecked(caller, head);
    } catch (RuntimeException e) {
      // The contract: never throw on hostile input. Anything unforeseen is refused.
      return Verdict.deny(400, PolicyRules.HTTP_AMBIGUOUS, "request could not be judged", null);
    }
  }

  private Verdict judgeHeadUnchecked(Caller caller, RequestHead head) {
    HeadFields fields = HeadFields.scan(head.headers());
    HeaderCheck.Framing framing = HeaderCheck.framing(fields);
    if (framing == null) {
      return Verdict.deny(
          400,
          PolicyRules.HTTP_AMBIGUOUS,
          "conflicting or malformed Content-Length / Transfer-Encoding",
          null);
    }
    String problem = TargetCheck.problem(head.target());
    if (problem != null) {
      return Verdict.deny(400, PolicyRules.PATH_UNCLEAN, problem, null);
    }
    String path = head.target();
    RouteTable.PathEntry entry = routes.find(path);
    if (entry == null) {
      return Verdict.deny(404, PolicyRules.ROUTE_UNKNOWN, "404 page not found", null);
    }
    if (entry.kind() != RouteTable.Kind.SERVED) {
      return Verdict.deny(
          403,
          PolicyRules.ROUTE_FORBIDDEN,
          "this route is not available through the gateway",
          null);
    }
    Route route = entry.byMethod().get(head.method());
    if (route == null) {
      return Verdict.deny(405, PolicyRules.ROUTE_METHOD, "405 method not allowed", null);
    }
    Verdict originOrHost = headers.originAndHost(fields, route);
    if (originOrHost != null) {
      return originOrHost;
    }
    if (caller.role().compareTo(route.minimumRole()) < 0) {
      return Verdict.deny(
          403,
          GatewayRule.ROLE_MODEL_MANAGEMENT.id(),
          "this route needs an " + route.minimumRole().id() + " key",
          route);
    }
    Verdict body = judgeFraming(fields, route, framing);
    if (body != null) {
      return body;
    }
    return switch (route.pattern()) {
      case "/api/blobs/:digest" -> {
        if (!Digests.isSha256(path.substring(RouteTable.BLOBS_PREFIX.length()))) {
          yield Verdict.deny(
              400,
              GatewayRule.MANIFEST_DIGEST_FORMAT.id(),
              "digest must be sha256:<64 hex>",
              route);
        }
        yield entry.allowed(route);
      }
      case "/v1/models/:model" -> judgePathModel(caller, route, path);
      default -> entry.allowed(route);
    };
  }

  private Verdict judgeFraming(HeadFields fields, Route route, HeaderCheck.Framing framing) {
    if (HeaderCheck.zstd(fields) && !route.takesZstd()) {
      // Only the routes Ollama decodes zstd on; anywhere else it would read the compressed bytes.
      return Verdict.deny(
          400, PolicyRules.HTTP_AMBIGUOUS, "this route takes no Content-Encoding", route);
    }
    switch (route.body()) {
      case NONE -> {
        if (framing.hasBody()) {
          return Verdict.deny(
              400, PolicyRules.HTTP_AMBIGUOUS, "this route takes no request body", route);
        }
      }
      case JSON -> {
        if (framing.contentLength() > settings.maxJsonBody()) {
          return Verdict.deny(413, PolicyRules.BODY_TOO_LARGE, "request body too large", route);
        }
        if (framing.mayHaveBody() && !HeaderCheck.contentTypeIs(fields, "application/json")) {
          return Verdict.deny(
              415,
              GatewayRule.JSON_CONTENT_TYPE.id(),
              "request bodies must be sent as Content-Type: application/json",
              route);
        }
      }
      case BLOB -> {
        if (framing.contentLength() > settings.maxBlobBody()) {
          return Verdict.deny(413, PolicyRules.BODY_TOO_LARGE, "blob too large", route);
        }
        // Ollama's own Go and Python clients label uploads application/json; both types need a
        // CORS preflight, which is what keeps browsers from posting blobs cross-site.
        if (framing.mayHaveBody()
            && !HeaderCheck.contentTypeIs(fields, "application/octet-stream", "application/json")) {
          return Verdict.deny(
              415,
              GatewayRule.JSON_CONTENT_TYPE.id(),
              "blob uploads must be sent as Content-Type: application/octet-stream",
              route);
        }
      }
    }
    return null;
  }

  private Verdict judgePathModel(Caller caller, Route route, String path) {
    String text = path.substring(RouteTable.MODELS_PREFIX.length());
    ModelName name = ModelName.parse(text).orElse(null);
    if (name == null) {
      return Verdict.deny(400, PolicyRules.MODEL_NAME_INVALID, "invalid model name", route);
    }
    if (!settings.allowCloudRoutes() && name.isCloud()) {
      // Ollama 0.17.6 and later proxy GET /v1/models/{cloud model} to ollama.com, signed.
      return Verdict.deny(403, PolicyRules.ROUTE_FORBIDDEN, "cloud models are not allowed", route);
    }
    if (!globs(caller).allows(name)) {
      return Verdict.deny(
          403, PolicyRules.MODEL_NOT_ALLOWED, "model not allowed for this key: " + name, route);
    }
    return Verdict.allow(route, name.canonical());
  }

  @Override
  public Verdict judgeBody(Caller caller, RequestHead head, Verdict allowedHead, byte[] body) {
    try {
      return judgeBodyUnchecked(caller, head, allowedHead, body);
    } catch (RuntimeException | StackOverflowError e) {
      return Verdict.deny(
          400,
          PolicyRules.JSON_AMBIGUOUS,
          "request body could not be judged",
          allowedHead == null ? null : allowedHead.route());
    }
  }

  private Verdict judgeBodyUnchecked(
      Caller caller, RequestHead head, Verdict allowedHead, byte[] body) {
    Route route = allowedHead.route();
    if (!allowedHead.allowed() || route == null || route.body() != BodyKind.JSON || body == null) {
      return Verdict.deny(400, PolicyRules.HTTP_AMBIGUOUS, "no JSON body expected", route);
    }
    // Again here: over HTTP/2 a body can arrive that the head did not announce.
    if (body.length > 0
        && !HeaderCheck.contentTypeIs(HeadFields.scan(head.headers()), "application/json")) {
      return Verdict.deny(
          415,
          GatewayRule.JSON_CONTENT_TYPE.id(),
          "request bodies must be sent as Content-Type: application/json",
          route);
    }
    if (body.length > settings.maxJsonBody()) {
      return Verdict.deny(413, PolicyRules.BODY_TOO_LARGE, "request body too large", route);
    }
    GoObject document;
    try {
      document = StrictJson.read(body);
    } catch (StrictJson.AmbiguousJsonException e) {
      return Verdict.deny(400, PolicyRules.JSON_AMBIGUOUS, e.getMessage(), route);
    }
    return bodies.judge(route, document, globs(caller));
  }

  @Override
  public BlobInspector inspectBlob(Caller caller, RequestHead head, long contentLength) {
    return new GgufInspector(contentLength, settings.maxBlobBody(), routes.blobUpload());
  }

  @Override
  public byte[] filterListing(Caller caller, Route route, byte[] upstreamBody) {
    try {
      return listings.filter(route.listing(), upstreamBody, globs(caller));
    } catch (RuntimeException | StackOverflowError e) {
      // A listing the filter cannot rewrite must not leak unfiltered: answer an empty one.
      return ListingFilter.empty(route.listing());
    }
  }

  private ModelGlobs globs(Caller caller) {
    ModelGlobs cached = globCache.get(caller.modelGlobs());
    if (cached != null) {
      return cached;
    }
    if (globCache.size() > MAX_CACHED_GLOB_LISTS) {
      globCache.clear(); // keys are few; this only bounds memory against endless distinct lists
    }
    return globCache.computeIfAbsent(caller.modelGlobs(), OllamaPolicy::compile);
  }

  /** An unreadable glob allows nothing: a typo must not open the allowlist. */
  private static ModelGlobs compile(List<String> globs) {
    return ModelGlobs.lenient(globs);
  }
}
