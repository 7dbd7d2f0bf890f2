package dev.corral.gateway.policy;

/** How the data path must handle a request body before and while forwarding it. */
public enum BodyKind {
  /** The route takes no body; a request with one is refused. */
  NONE,
  /**
   * A JSON document: read whole (up to the route's size limit), judged with {@link
   * RequestJudge#judgeBody}, then forwarded byte for byte.
   */
  JSON,
  /**
   * A blob upload ({@code POST /api/blobs/sha256:...}): streamed, but held back until a {@link
   * BlobInspector} has accepted the GGUF header and tensor infos.
   */
  BLOB
}
