package dev.corral.gateway.limit;

import dev.corral.gateway.policy.Caller;

/**
 * Per-key request rates, daily token quotas and concurrent streams. The local implementation keeps
 * counters in memory on this instance; a shared one (Redis) can replace it without the data path
 * changing. Thread-safe; called on the event loop, so it must not block.
 */
public interface Limiter {

  /**
   * Admits one request for {@code caller} (and counts it), or says how long to wait and which limit
   * refused: the request rate or the daily token quota.
   */
  Admission admit(Caller caller, long nowMillis);

  /** Adds the tokens Ollama reported for a finished request to the caller's daily count. */
  void addTokens(Caller caller, long tokens, long nowMillis);

  /** Tries to open one more stream for the caller; false when the per-key or global cap is hit. */
  boolean openStream(Caller caller);

  /** Closes a stream opened with {@link #openStream}. */
  void closeStream(Caller caller);
}
