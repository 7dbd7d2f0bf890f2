package dev.corral.gateway.http;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Bytes of request bodies held over all connections: JSON bodies until they are judged and sent,
 * blob uploads until their header is checked. Each connection's own limit is {@code max_json_body};
 * this is the limit for all of them together, so that many slow bodies cannot use up the memory the
 * event loops read into.
 */
public final class BodyMemory {
  private final long limit;
  private final AtomicLong held = new AtomicLong();

  public BodyMemory(long limit) {
    if (limit <= 0) {
      throw new IllegalArgumentException("body memory limit must be positive: " + limit);
    }
    this.limit = limit;
  }

  /** Takes {@code bytes} from the budget; false, taking nothing, when they do not fit. */
  boolean reserve(long bytes) {
    if (held.addAndGet(bytes) > limit) {
      held.addAndGet(-bytes);
      return false;
    }
    return true;
  }

  /** Gives back what {@link #reserve} took. */
  void release(long bytes) {
    held.addAndGet(-bytes);
  }

  /** Bytes held now. */
  public long held() {
    return held.get();
  }
}
