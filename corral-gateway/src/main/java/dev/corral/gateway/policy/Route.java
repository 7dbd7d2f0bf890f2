package dev.corral.gateway.policy;

import java.util.Objects;
import java.util.Set;

/**
 * One route the gateway knows, after the path has been normalised the way Ollama's router would.
 *
 * @param method the HTTP method ({@code GET}, {@code POST}, {@code HEAD}, {@code DELETE}...)
 * @param pattern the route as Ollama registers it, e.g. {@code /api/chat} or {@code
 *     /api/blobs/:digest}; also the label used in metrics and the audit log
 * @param body how the body is read and judged
 * @param listing whether the response lists models and is filtered
 * @param minimumRole the least role that may call it
 * @param streams whether the response may stream (NDJSON or SSE): never buffered, tokens counted
 *     from the final line
 */
public record Route(
    String method,
    String pattern,
    BodyKind body,
    ListingKind listing,
    Role minimumRole,
    boolean streams) {

  /**
   * The routes where recent Ollama decodes a {@code Content-Encoding: zstd} body: the Responses
   * middleware and {@code cloudPassthroughMiddleware} ({@code server/routes.go}), which OpenAI
   * Codex 0.98 and later rely on for {@code /v1/responses}.
   */
  private static final Set<String> ZSTD_BODIES =
      Set.of(
          "/v1/chat/completions",
          "/v1/completions",
          "/v1/embeddings",
          "/v1/responses",
          "/v1/messages");

  public Route {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(pattern, "pattern");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(listing, "listing");
    Objects.requireNonNull(minimumRole, "minimumRole");
  }

  /**
   * Whether Ollama's answers on this route carry token counts: the user's generation routes (their
   * final line or usage block) and the embedding routes. Listings, /api/show and the model
   * management streams never do, so their bodies are not searched for counts.
   */
  public boolean reportsTokens() {
    return (streams && minimumRole == Role.USER) || pattern.contains("embed");
  }

  /**
   * Whether a request here takes one of the key's concurrent stream slots: the streaming routes,
   * and the embedding routes, which do not stream but keep a model busy all the same (without a
   * cap, one key could fill Ollama's queue with parallel embeddings).
   */
  public boolean takesStreamSlot() {
    return streams || pattern.contains("embed");
  }

  /**
   * Whether a body sent with {@code Content-Encoding: zstd} is accepted here: the POST routes
   * Ollama decodes such bodies on. The gateway decodes them itself, judges the JSON and forwards it
   * plain.
   */
  public boolean takesZstd() {
    return body == BodyKind.JSON && "POST".equals(method) && ZSTD_BODIES.contains(pattern);
  }
}
