package dev.corral.scan.http;

import java.time.Duration;

/**
 * How the scanner talks HTTP.
 *
 * @param connectTimeout per connection attempt
 * @param readTimeout per response: the longest silence tolerated while waiting for bytes
 * @param hostDeadline the most time spent on one host in total (defeats tarpits that trickle)
 * @param userAgent sent with every request
 * @param maxBody bytes kept per response body; the rest is read and dropped
 */
public record ClientSettings(
    Duration connectTimeout,
    Duration readTimeout,
    Duration hostDeadline,
    String userAgent,
    int maxBody) {

  /** A neutral agent: says what it is without looking like an attack tool. */
  public static final String DEFAULT_USER_AGENT =
      "corral/0.1 (+https://github.com/corral-scan; authorised exposure check)";

  public static ClientSettings defaults() {
    return new ClientSettings(
        Duration.ofSeconds(5),
        Duration.ofSeconds(5),
        Duration.ofSeconds(30),
        DEFAULT_USER_AGENT,
        1 << 20);
  }

  public ClientSettings withTimeout(Duration timeout) {
    return new ClientSettings(timeout, timeout, hostDeadline, userAgent, maxBody);
  }
}
