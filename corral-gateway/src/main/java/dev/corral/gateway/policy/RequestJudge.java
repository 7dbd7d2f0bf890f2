package dev.corral.gateway.policy;

/**
 * The deny-by-default policy. The data path asks in this order and stops at the first refusal:
 *
 * <ol>
 *   <li>{@link #judgeHead}: once the head has arrived and the caller is known;
 *   <li>{@link #judgeBody} for {@link BodyKind#JSON} routes, once the whole body has been read; or
 *       {@link #inspectBlob} for {@link BodyKind#BLOB} routes;
 *   <li>{@link #filterListing} on the upstream's answer to {@link ListingKind} routes.
 * </ol>
 *
 * <p>Implementations are thread-safe and never throw on hostile input: anything they cannot judge
 * is refused.
 */
public interface RequestJudge {

  /**
   * Route, method, role, path hygiene, header hygiene (Content-Type, Origin, Host, ambiguous
   * framing the codec let through), keys in query strings.
   */
  Verdict judgeHead(Caller caller, RequestHead head);

  /**
   * Strict JSON (duplicate or case-folded duplicate keys, invalid UTF-8, trailing data), the model
   * allowlist over every field Ollama reads a model from, and the virtual patches.
   *
   * @param allowedHead the verdict {@link #judgeHead} returned for this request
   */
  Verdict judgeBody(Caller caller, RequestHead head, Verdict allowedHead, byte[] body);

  /** A fresh inspector for one blob upload of {@code contentLength} bytes. */
  BlobInspector inspectBlob(Caller caller, RequestHead head, long contentLength);

  /**
   * The upstream's listing with every model the caller may not use removed; the input when the body
   * is not a listing it understands (the status code and headers are passed through).
   */
  byte[] filterListing(Caller caller, Route route, byte[] upstreamBody);

  /**
   * The gateway's own answer to a CORS preflight, or null when {@code head} is not one this judge
   * answers (then the request is judged as usual, and an {@code OPTIONS} is refused). Asked before
   * the key is checked: browsers send preflights without credentials. Default: none.
   */
  default Preflight preflight(RequestHead head) {
    return null;
  }

  /**
   * The origin to name in {@code Access-Control-Allow-Origin} on the answer to {@code head}: its
   * {@code Origin} when that is one the operator allowed, else null (no CORS header). Default:
   * null.
   */
  default String corsOrigin(RequestHead head) {
    return null;
  }
}
