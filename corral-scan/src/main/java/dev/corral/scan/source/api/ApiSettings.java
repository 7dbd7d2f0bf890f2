package dev.corral.scan.source.api;

import java.time.Duration;

/**
 * How politely a client talks to its API.
 *
 * @param minInterval least time between two requests (Shodan allows about one a second)
 * @param timeout longest wait for one answer
 * @param maxAttempts tries per request when the answer is 429, 5xx or a network failure
 * @param firstBackoff wait before the first retry; it doubles with each further retry
 * @param maxWait longest single wait; a {@code Retry-After} asking for more fails at once
 * @param sleeper how to wait
 */
public record ApiSettings(
    Duration minInterval,
    Duration timeout,
    int maxAttempts,
    Duration firstBackoff,
    Duration maxWait,
    Sleeper sleeper) {

  /** One request a second, 60 s timeout, 5 attempts backing off 2, 4, 8, 16 s. */
  public static final ApiSettings DEFAULT =
      new ApiSettings(
          Duration.ofSeconds(1),
          Duration.ofSeconds(60),
          5,
          Duration.ofSeconds(2),
          Duration.ofSeconds(60),
          Sleeper.REAL);

  public ApiSettings {
    if (minInterval.isNegative() || firstBackoff.isNegative() || maxWait.isNegative()) {
      throw new IllegalArgumentException("waits cannot be negative");
    }
    if (timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException("the timeout must be more than zero");
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("at least one attempt is needed");
    }
    if (sleeper == null) {
      throw new IllegalArgumentException("a sleeper is needed");
    }
  }

  public ApiSettings withSleeper(Sleeper newSleeper) {
    return new ApiSettings(minInterval, timeout, maxAttempts, firstBackoff, maxWait, newSleeper);
  }
}
