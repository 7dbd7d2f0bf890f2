package dev.corral.scan.engine;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Paces new connections to at most {@code perSecond}, smoothly (one permit every 1/rate seconds,
 * with a burst of at most a tenth of a second), so a scan never floods a network.
 */
public final class RateLimiter {
  private final long intervalNanos;
  private final long maxBurstNanos;
  private long next;

  public RateLimiter(int perSecond) {
    if (perSecond <= 0) {
      throw new IllegalArgumentException("--rate must be positive, not " + perSecond);
    }
    this.intervalNanos = TimeUnit.SECONDS.toNanos(1) / perSecond;
    this.maxBurstNanos = TimeUnit.MILLISECONDS.toNanos(100);
    this.next = System.nanoTime();
  }

  /** Blocks the caller until the next connection may start. */
  public void acquire() throws InterruptedException {
    long now = System.nanoTime();
    if (next < now - maxBurstNanos) {
      next = now - maxBurstNanos;
    }
    long wait = next - now;
    next += intervalNanos;
    while (wait > 0) {
      LockSupport.parkNanos(wait);
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
      wait = next - intervalNanos - System.nanoTime();
    }
  }
}
