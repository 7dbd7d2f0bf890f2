package dev.corral.gateway.limit;

/**
 * What {@link Limiter#admit} decided: admitted, or refused with how long to wait and by which rule
 * ({@link #RATE} for the requests-per-minute bucket, {@link #QUOTA} for the daily token quota), so
 * refusals can be told apart in the audit log and the metrics.
 *
 * @param retryAfterSeconds 0 when admitted, else the seconds for {@code Retry-After} (at least 1)
 * @param rule null when admitted, else the rule id that refused
 */
public record Admission(long retryAfterSeconds, String rule) {
  /** The rule of a refusal by the key's requests-per-minute limit. */
  public static final String RATE = "rate-limit";

  /** The rule of a refusal because the key has used its tokens for the day. */
  public static final String QUOTA = "token-quota";

  /** The one admitted value (no allocation on the hot path). */
  public static final Admission ADMITTED = new Admission(0, null);

  public Admission {
    if (retryAfterSeconds < 0 || (retryAfterSeconds == 0) != (rule == null)) {
      throw new IllegalArgumentException(
          "an admission has no wait and no rule, a refusal both: "
              + retryAfterSeconds
              + ", "
              + rule);
    }
  }

  /** Refused by the requests-per-minute limit. */
  public static Admission rate(long retryAfterSeconds) {
    return new Admission(retryAfterSeconds, RATE);
  }

  /** Refused by the daily token quota. */
  public static Admission quota(long retryAfterSeconds) {
    return new Admission(retryAfterSeconds, QUOTA);
  }

  public boolean admitted() {
    return rule == null;
  }
}
