package dev.corral.scan.source.api;

/**
 * A Censys Search account's monthly query quota, from {@code /v1/account}. Every page of search
 * results is one query.
 *
 * @param used queries used this period
 * @param allowance queries allowed per period
 * @param resetsAt when the period ends, as Censys wrote it, or null
 */
public record CensysQuota(long used, long allowance, String resetsAt) {

  public long remaining() {
    return Math.max(0, allowance - used);
  }

  /** {@code Censys: 3 of 250 queries used, 247 left (resets 2026-06-01 00:00:00)}. */
  public String describe() {
    return "Censys: "
        + Text.count(used)
        + " of "
        + Text.count(allowance)
        + " queries used, "
        + Text.count(remaining())
        + " left"
        + (resetsAt == null ? "" : " (resets " + Text.oneLine(resetsAt) + ")");
  }
}
