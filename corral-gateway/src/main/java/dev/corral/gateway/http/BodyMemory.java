package dev.corral.gateway.http;

import dev.corral.gateway.config.Limits;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bytes of request bodies held over all connections: JSON bodies until they are judged and sent,
 * blob uploads until their header is checked. Each connection's own limit is {@code max_json_body};
 * this is the limit for all of them together, so that many slow bodies cannot use up the memory the
 * event loops read into. One key may hold a quarter of it at most (never less than one whole body),
 * so that one key's slow bodies cannot shut every other key out.
 */
public final class BodyMemory implements BodyBudget {
  private final long limit;
  private final long perKey;
  private final AtomicLong held = new AtomicLong();

  /** What each key holds now; one small counter per key that has sent a body. */
  private final ConcurrentHashMap<String, AtomicLong> byKey = new ConcurrentHashMap<>();

  /**
   * @param limit bytes held at once over all connections
   * @param perKey bytes held at once by the requests of one key
   */
  public BodyMemory(long limit, long perKey) {
    if (limit <= 0 || perKey <= 0) {
      throw new IllegalArgumentException("body memory limits must be positive: " + limit);
    }
    this.limit = limit;
    this.perKey = perKey;
  }

  /** The budget {@code limits} sets: {@code max_body_memory}, a quarter of it per key. */
  public static BodyMemory of(Limits limits) {
    long all = limits.maxBodyMemory();
    return new BodyMemory(all, Math.max(limits.maxJsonBody(), all / 4));
  }

  /**
   * Takes {@code bytes} from the budget of all keys; false, taking nothing, when they do not fit.
   */
  @Override
  public boolean reserve(long bytes) {
    if (held.addAndGet(bytes) > limit) {
      held.addAndGet(-bytes);
      return false;
    }
    return true;
  }

  /** Gives back what {@link #reserve} took. */
  @Override
  public void release(long bytes) {
    held.addAndGet(-bytes);
  }

  /** The budget of one key's requests: its own share, within the budget of all. */
  BodyBudget forKey(String keyId) {
    AtomicLong mine = byKey.computeIfAbsent(keyId, k -> new AtomicLong());
    return new BodyBudget() {
      @Override
      public boolean reserve(long bytes) {
        if (mine.addAndGet(bytes) > perKey) {
          mine.addAndGet(-bytes);
          return false;
        }
        if (!BodyMemory.this.reserve(bytes)) {
          mine.addAndGet(-bytes);
          return false;
        }
        return true;
      }

      @Override
      public void release(long bytes) {
        mine.addAndGet(-bytes);
        BodyMemory.this.release(bytes);
      }
    };
  }

  /** Bytes held now. */
  public long held() {
    return held.get();
  }
}
