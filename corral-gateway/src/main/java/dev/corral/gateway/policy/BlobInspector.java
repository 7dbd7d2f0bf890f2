package dev.corral.gateway.policy;

import io.netty.buffer.ByteBuf;

/**
 * Checks a blob upload as it streams. The data path feeds every chunk in order and forwards nothing
 * upstream until {@link #feed} has returned {@link Progress#ACCEPTED}; from then on it streams the
 * rest without feeding it. {@link Progress#REFUSED} ends the request with {@link #refusal()}.
 */
public interface BlobInspector {

  enum Progress {
    /** More bytes are needed before a decision. */
    NEED_MORE,
    /** The header and tensor infos are well-formed and fit the declared length. */
    ACCEPTED,
    REFUSED
  }

  /** Reads {@code chunk} without consuming it (the data path still forwards those bytes). */
  Progress feed(ByteBuf chunk);

  /** Called when the body ended before a decision: must return the refusal. */
  Verdict endOfBody();

  /** Why the blob was refused; only meaningful after {@link Progress#REFUSED}. */
  Verdict refusal();

  /**
   * The fewest bytes the whole body must have, known once {@link Progress#ACCEPTED}: for a chunked
   * upload (length unknown up front) the data path must cut the upstream request, never sending the
   * final chunk, when the body ends shorter. 0 when there is no such bound.
   */
  default long minimumLength() {
    return 0;
  }
}
