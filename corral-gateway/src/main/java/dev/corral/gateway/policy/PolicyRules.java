package dev.corral.gateway.policy;

/**
 * The policy's own rule ids (the virtual patches use {@link dev.corral.core.vuln.GatewayRule} ids).
 * They appear in refusals, the audit log and metrics: never rename one.
 */
public final class PolicyRules {
  /** The path is not a route Ollama has. */
  public static final String ROUTE_UNKNOWN = "route-unknown";

  /** A real Ollama route the gateway does not publish (account, cloud, experimental). */
  public static final String ROUTE_FORBIDDEN = "route-forbidden";

  /** A known path with a method it does not serve. */
  public static final String ROUTE_METHOD = "route-method";

  /** A request-target that is not already canonical. */
  public static final String PATH_UNCLEAN = "path-unclean";

  /** Framing readers may disagree on (Content-Length, Transfer-Encoding, unexpected bodies). */
  public static final String HTTP_AMBIGUOUS = "http-ambiguous";

  /** A body larger than the route allows. */
  public static final String BODY_TOO_LARGE = "body-too-large";

  /**
   * A {@code Content-Encoding: zstd} body that does not decode within the gateway's bounds: a
   * corrupt or truncated frame, bytes after the last frame, a window over 8 MiB, no frame at all.
   */
  public static final String BODY_ENCODING = "body-encoding";

  /** A JSON body readers may disagree on (duplicate keys, bad UTF-8, trailing data...). */
  public static final String JSON_AMBIGUOUS = "json-ambiguous";

  /** A model name Ollama would not accept, or a model field of the wrong type. */
  public static final String MODEL_NAME_INVALID = "model-name-invalid";

  /** A model outside the key's allowlist. */
  public static final String MODEL_NOT_ALLOWED = "model-not-allowed";

  private PolicyRules() {}
}
