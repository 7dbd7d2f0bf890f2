package dev.corral.scan.source.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.corral.scan.source.ApiHits;
import dev.corral.scan.target.PortList;

/**
 * A Censys host search being paged through with cursors: a page is fetched only when the candidates
 * of the previous one are used up, and never more pages than the budget.
 */
public final class CensysSearch extends PagedSearch {
  private final CensysClient client;
  private final String query;
  private final ApiHits.ServiceFilter filter;
  private final PortList ports;
  private final long pageBudget;
  private final long maxPages;
  private final CensysQuota quota;
  private final int perPage;
  private String cursor;
  private boolean lastPage;
  private Long total;
  private long skipped;

  CensysSearch(
      CensysClient client,
      String query,
      ApiHits.ServiceFilter filter,
      PortList ports,
      long limit,
      long pageBudget,
      long maxPages,
      CensysQuota quota) {
    super(limit);
    this.client = client;
    this.query = query;
    this.filter = filter;
    this.ports = ports;
    this.pageBudget = pageBudget;
    this.maxPages = maxPages;
    this.quota = quota;
    this.perPage = (int) Math.min(CensysClient.MAX_PER_PAGE, limit);
  }

  /** Hosts the query matches, once the first page said so. */
  public Long total() {
    return total;
  }

  /** True when the page budget (or the quota) stopped the search before its last page. */
  public boolean truncatedByBudget() {
    return pages >= pageBudget && !lastPage && results < limit;
  }

  @Override
  boolean fetchPage() {
    if (lastPage || pages >= pageBudget || results >= limit) {
      return false;
    }
    CensysClient.Page page = client.page(query, perPage, cursor, pages + 1);
    pages++;
    skipped += page.skipped();
    if (page.total() != null) {
      total = page.total();
    }
    cursor = page.next();
    if (cursor == null || (page.hosts().isEmpty() && page.skipped() == 0)) {
      lastPage = true;
    }
    for (JsonNode host : page.hosts()) {
      if (results >= limit) {
        break;
      }
      results++;
      try {
        offer(ApiHits.censysHost(host, filter));
      } catch (IllegalArgumentException e) {
        problems.add(results, e.getMessage());
      }
    }
    return true;
  }

  /**
   * {@code Censys: 1,234 hosts for 'services.port: 11434', first 500 fetched, 5 pages, 5 queries,
   * 512 candidates (HTTP services); page budget reached, all would take 13 pages}.
   */
  @Override
  public String describe() {
    StringBuilder out = new StringBuilder("Censys: ");
    long matched = total == null ? results : total;
    out.append(Text.count(matched, "host", "hosts")).append(" for ").append(Text.quoted(query));
    if (results < matched) {
      out.append(", first ").append(Text.count(results)).append(" fetched");
    }
    out.append(", ").append(Text.count(pages, "page", "pages"));
    out.append(", ").append(client.api().cost(pages));
    out.append(", ").append(Text.count(count(), "candidate", "candidates"));
    out.append(ports == null ? " (HTTP services)" : " (services on ports " + ports + ")");
    if (skipped > 0) {
      out.append(", ")
          .append(Text.count(skipped, "non-host hit", "non-host hits"))
          .append(" skipped");
    }
    if (truncatedByBudget()) {
      long wanted = Math.min(matched, limit);
      long all = (wanted + perPage - 1) / perPage;
      boolean byQuota = quota != null && pageBudget < maxPages;
      out.append(byQuota ? "; the account's quota stopped it" : "; page budget reached");
      if (all > pages) {
        out.append(", all would take ").append(Text.count(all, "page", "pages"));
      }
    }
    return withProblems(out.toString());
  }
}
