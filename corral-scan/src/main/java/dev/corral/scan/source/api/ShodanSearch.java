package dev.corral.scan.source.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.corral.scan.source.ApiHits;

/**
 * A Shodan search being paged through: page {@code N} is fetched only when the candidates of page
 * {@code N-1} are used up, and never past the pages the estimate allowed, so it cannot spend more
 * than {@link #estimate()} says even if the result count grows meanwhile.
 */
public final class ShodanSearch extends PagedSearch {
  private final ShodanClient client;
  private final String query;
  private final ShodanEstimate estimate;
  private long total;
  private long credits;

  ShodanSearch(ShodanClient client, String query, long limit, ShodanEstimate estimate) {
    super(limit);
    this.client = client;
    this.query = query;
    this.estimate = estimate;
    this.total = estimate.total();
  }

  /** What the search was expected to cost when it was prepared. */
  public ShodanEstimate estimate() {
    return estimate;
  }

  /** Query credits spent so far, by Shodan's documented rule. */
  public long credits() {
    return credits;
  }

  @Override
  boolean fetchPage() {
    if (pages >= estimate.pages() || results >= limit || results >= total) {
      return false;
    }
    long page = pages + 1;
    JsonNode answer = client.page(query, page);
    pages = page;
    credits +=
        ShodanEstimate.cost(page, estimate.filtered())
            - ShodanEstimate.cost(page - 1, estimate.filtered());
    JsonNode reported = answer.get("total");
    if (reported != null && reported.isNumber()) {
      total = reported.asLong();
    }
    JsonNode matches = answer.get("matches");
    if (matches.isEmpty()) {
      return false;
    }
    for (JsonNode match : matches) {
      if (results >= limit) {
        break;
      }
      results++;
      try {
        offer(ApiHits.shodanBanner(match));
      } catch (IllegalArgumentException e) {
        problems.add(results, e.getMessage());
      }
    }
    return true;
  }

  /**
   * {@code Shodan: 1,234 results for 'product:Ollama', 13 pages, 13 query credits}, with {@code
   * first 1,000 fetched} when the limit cut it short.
   */
  @Override
  public String describe() {
    StringBuilder out = new StringBuilder("Shodan: ");
    out.append(Text.count(total, "result", "results")).append(" for ").append(Text.quoted(query));
    if (results < total && pages > 0) {
      out.append(", first ").append(Text.count(results)).append(" fetched");
    }
    out.append(", ").append(Text.count(pages, "page", "pages"));
    out.append(", ").append(Text.count(credits, "query credit", "query credits"));
    return withProblems(out.toString());
  }
}
