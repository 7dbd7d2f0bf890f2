package dev.corral.scan.source.api;

/**
 * What a Shodan key has left this month, from {@code /api-info}.
 *
 * @param queryCredits query credits left (searches with filters, pages past the first)
 * @param scanCredits on-demand scan credits left (corral never spends these)
 * @param plan the key's plan, e.g. {@code dev}, {@code edu}, {@code stream-100}; null if not given
 * @param monthlyQueryCredits the plan's monthly query credits ({@code usage_limits.query_credits}),
 *     or null if not given
 */
public record ShodanCredits(
    long queryCredits, long scanCredits, String plan, Long monthlyQueryCredits) {

  /** {@code Shodan plan 'dev': 87 of 100 query credits left, 100 scan credits}. */
  public String describe() {
    return "Shodan plan '"
        + (plan == null ? "unknown" : plan)
        + "': "
        + Text.count(queryCredits)
        + (monthlyQueryCredits == null ? "" : " of " + Text.count(monthlyQueryCredits))
        + " query credits left, "
        + Text.count(scanCredits)
        + " scan credits";
  }
}
