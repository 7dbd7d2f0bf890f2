package dev.corral.scan.source.api;

/**
 * What fetching a Shodan search would cost, before spending anything.
 *
 * <p>Shodan's documented rule: a search costs 1 query credit if its query contains a filter ({@code
 * product:}, {@code port:}, {@code country:}...), and every page of 100 results past the first
 * costs 1 credit. So a filtered search costs one credit per page; an unfiltered one gets its first
 * page free.
 *
 * @param total results the query matches
 * @param results results that would be fetched: the total, or the caller's limit if smaller
 * @param pages pages of {@value ShodanClient#PAGE_SIZE} that takes
 * @param credits query credits that takes
 * @param filtered whether the query uses a filter (then page 1 costs a credit too)
 */
public record ShodanEstimate(long total, long results, long pages, long credits, boolean filtered) {

  /** The estimate for a query with {@code total} results when at most {@code limit} are wanted. */
  public static ShodanEstimate of(String query, long total, long limit) {
    long results = Math.max(0, Math.min(total, limit));
    long pages = (results + ShodanClient.PAGE_SIZE - 1) / ShodanClient.PAGE_SIZE;
    boolean filtered = hasFilter(query);
    return new ShodanEstimate(total, results, pages, cost(pages, filtered), filtered);
  }

  /** Credits for the first {@code pages} pages. */
  static long cost(long pages, boolean filtered) {
    if (pages <= 0) {
      return 0;
    }
    return filtered ? pages : pages - 1;
  }

  /** Results a budget of {@code credits} pays for: 100 a credit, plus the free first page. */
  public static long affordable(long credits, boolean filtered) {
    long pages = filtered ? credits : credits + 1;
    return Math.max(0, pages) * ShodanClient.PAGE_SIZE;
  }

  /**
   * True when the query has a {@code name:value} filter outside double quotes. When in doubt it
   * says yes: over-estimating a cost is the safe mistake.
   */
  static boolean hasFilter(String query) {
    boolean quoted = false;
    int wordStart = 0;
    for (int i = 0; i < query.length(); i++) {
      char c = query.charAt(i);
      if (c == '"') {
        quoted = !quoted;
        wordStart = i + 1;
      } else if (!quoted && (Character.isWhitespace(c) || c == '(' || c == ')')) {
        wordStart = i + 1;
      } else if (!quoted && c == ':') {
        String name = query.substring(wordStart, i);
        if (name.startsWith("-") || name.startsWith("+")) {
          name = name.substring(1);
        }
        if (!name.isEmpty() && name.chars().allMatch(ShodanEstimate::nameChar)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean nameChar(int c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-';
  }
}
