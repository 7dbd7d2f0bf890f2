package dev.corral.scan.source.api;

/**
 * A search refused before spending anything: fetching the results would take more pages or credits
 * than the caller allowed. The numbers let a caller suggest what to change.
 */
public final class BudgetException extends ApiException {
  private static final long serialVersionUID = 1L;

  private final long total;
  private final long results;
  private final long pages;
  private final long cost;
  private final long budget;
  private final long affordableResults;

  /**
   * @param message the whole sentence, e.g. {@code Shodan search 'product:Ollama' has 1,234
   *     results: fetching them takes 13 pages and 13 query credits, over the budget of 10}
   * @param total results the query matches
   * @param results results that would be fetched (at most the caller's limit)
   * @param pages pages that takes
   * @param cost what that costs, in the service's unit
   * @param budget what the caller allowed
   * @param affordableResults how many results the budget does pay for (0 when none)
   */
  public BudgetException(
      String message,
      long total,
      long results,
      long pages,
      long cost,
      long budget,
      long affordableResults) {
    super(Kind.BUDGET, message);
    this.total = total;
    this.results = results;
    this.pages = pages;
    this.cost = cost;
    this.budget = budget;
    this.affordableResults = affordableResults;
  }

  public long total() {
    return total;
  }

  public long results() {
    return results;
  }

  public long pages() {
    return pages;
  }

  public long cost() {
    return cost;
  }

  public long budget() {
    return budget;
  }

  public long affordableResults() {
    return affordableResults;
  }
}
