package dev.corral.gateway.policy;

/**
 * Responses that list models and must be filtered to what the key may use, by {@link
 * RequestJudge#filterListing}. The data path buffers these (they are small) instead of streaming.
 */
public enum ListingKind {
  NONE,
  /** {@code GET /api/tags}: {@code {"models":[{"name","model",...}]}} */
  TAGS,
  /** {@code GET /api/ps}: {@code {"models":[{"name","model",...}]}} */
  PS,
  /** {@code GET /v1/models}: {@code {"object":"list","data":[{"id",...}]}} */
  OPENAI_MODELS
}
