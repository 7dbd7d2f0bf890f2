package dev.corral.scan.source.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Shodan REST API, for what corral needs: search results as candidates, counts and facets, and
 * the key's credits. The key travels as the {@code key} query parameter over the base URL, so the
 * base URL must be HTTPS outside tests.
 *
 * <pre>{@code
 * try (ShodanClient shodan = new ShodanClient(env.get(ShodanClient.KEY_VARIABLE))) {
 *   ShodanSearch search = shodan.search("product:Ollama", 1_000, 10); // refuses past 10 credits
 *   search.forEachRemaining(engine::submit);
 *   log(search.describe()); // Shodan: 1,234 results for 'product:Ollama', 10 pages, ...
 * }
 * }</pre>
 *
 * <p>Endpoints: {@code GET /api-info} (credits), {@code GET /shodan/host/count} (total and facets,
 * free), {@code GET /shodan/host/search?page=N&minify=true} (100 banners a page).
 */
public final class ShodanClient implements AutoCloseable {
  public static final URI DEFAULT_BASE_URL = URI.create("https://api.shodan.io");
  public static final String KEY_VARIABLE = "SHODAN_API_KEY";
  public static final int PAGE_SIZE = 100;
  public static final int DEFAULT_MAX_CREDITS = 10;

  private final String key;
  private final ApiHttp http;

  /** A client for the real service with the default settings. */
  public ShodanClient(String apiKey) {
    this(apiKey, DEFAULT_BASE_URL, ApiSettings.DEFAULT);
  }

  public ShodanClient(String apiKey, URI baseUrl, ApiSettings settings) {
    if (apiKey == null || apiKey.isBlank()) {
      throw new IllegalArgumentException("a Shodan API key is needed (" + KEY_VARIABLE + ")");
    }
    this.key = apiKey.strip();
    this.http = new ApiHttp("Shodan", baseUrl, settings, List.of(key));
  }

  /** The key's plan and credits left ({@code /api-info}; free). */
  public ShodanCredits credits() {
    JsonNode info = get("/api-info", Map.of(), "the account information");
    JsonNode query = info.get("query_credits");
    JsonNode scan = info.get("scan_credits");
    if (query == null || !query.isIntegralNumber()) {
      throw shape("the account information has no 'query_credits' number");
    }
    JsonNode limits = info.path("usage_limits").path("query_credits");
    JsonNode plan = info.get("plan");
    return new ShodanCredits(
        query.asLong(),
        scan != null && scan.isIntegralNumber() ? scan.asLong() : 0,
        plan != null && plan.isTextual() ? plan.asText() : null,
        limits.isIntegralNumber() ? limits.asLong() : null);
  }

  /** A facet name as Shodan takes it: {@code country}, {@code http.title}, {@code version:20}. */
  public static boolean isFacet(String facet) {
    return facet.matches("[a-z][a-z0-9_.]*(:[0-9]{1,4})?");
  }

  /** How many results the query matches ({@code /shodan/host/count}; free). */
  public long count(String query) {
    return total(get("/shodan/host/count", Map.of("query", checked(query)), "the result count"));
  }

  /**
   * Counts of the query's results by property ({@code /shodan/host/count}; free).
   *
   * @param facets property names, each optionally with how many values to return: {@code country},
   *     {@code version:20}, {@code org}, {@code port}
   */
  public ShodanFacets facets(String query, List<String> facets) {
    if (facets.isEmpty()) {
      throw new IllegalArgumentException(
          "name at least one facet (country, version, org, port...)");
    }
    for (String facet : facets) {
      if (!isFacet(facet)) {
        throw new IllegalArgumentException(
            "'" + facet + "' is not a Shodan facet (a name such as country, or country:20)");
      }
    }
    Map<String, String> params = new LinkedHashMap<>();
    params.put("query", checked(query));
    params.put("facets", String.join(",", facets));
    JsonNode answer = get("/shodan/host/count", params, "the facet counts");
    Map<String, List<ShodanFacets.Bucket>> out = new LinkedHashMap<>();
    JsonNode all = answer.path("facets");
    for (String facet : facets) {
      String name = facet.contains(":") ? facet.substring(0, facet.indexOf(':')) : facet;
      JsonNode buckets = all.get(name);
      List<ShodanFacets.Bucket> list = new ArrayList<>();
      if (buckets != null && buckets.isArray()) {
        for (JsonNode bucket : buckets) {
          JsonNode value = bucket.get("value");
          JsonNode count = bucket.get("count");
          if (value == null || value.isContainerNode() || count == null || !count.isNumber()) {
            throw shape("a '" + name + "' facet bucket has no value and count");
          }
          list.add(new ShodanFacets.Bucket(value.asText(), count.asLong()));
        }
      }
      out.put(name, List.copyOf(list));
    }
    return new ShodanFacets(total(answer), out);
  }

  /** The search with the default budget of {@value #DEFAULT_MAX_CREDITS} query credits. */
  public ShodanSearch search(String query, long limit) {
    return search(query, limit, DEFAULT_MAX_CREDITS);
  }

  /**
   * Prepares a search: asks (for free) how many results the query has and what the key has left,
   * and refuses if fetching would cost more than {@code maxCredits} or more than the key has.
   * Nothing is paid for until the returned search is iterated.
   *
   * @param limit at most this many results (banners) are fetched
   * @param maxCredits the budget in query credits; 0 allows only free searches
   * @throws BudgetException if the search would cost more than {@code maxCredits}
   * @throws ApiException for a bad key, too few credits left, or the service failing
   */
  public ShodanSearch search(String query, long limit, int maxCredits) {
    checked(query);
    if (limit < 1) {
      throw new IllegalArgumentException("the result limit must be at least 1");
    }
    if (maxCredits < 0) {
      throw new IllegalArgumentException("the credit budget cannot be negative");
    }
    ShodanCredits credits = credits();
    ShodanEstimate estimate = ShodanEstimate.of(query, count(query), limit);
    if (estimate.credits() > maxCredits) {
      throw new BudgetException(
          "Shodan search "
              + Text.quoted(query)
              + " has "
              + Text.count(estimate.total(), "result", "results")
              + ": fetching "
              + (estimate.results() < estimate.total()
                  ? "the first " + Text.count(estimate.results())
                  : estimate.total() == 1 ? "it" : "them")
              + " takes "
              + Text.count(estimate.pages(), "page", "pages")
              + " and "
              + Text.count(estimate.credits(), "query credit", "query credits")
              + ", more than the budget of "
              + Text.count(maxCredits),
          estimate.total(),
          estimate.results(),
          estimate.pages(),
          estimate.credits(),
          maxCredits,
          Math.min(estimate.results(), ShodanEstimate.affordable(maxCredits, estimate.filtered())));
    }
    if (estimate.credits() > credits.queryCredits()) {
      throw new ApiException(
          ApiException.Kind.NO_CREDITS,
          "Shodan search "
              + Text.quoted(query)
              + " needs "
              + Text.count(estimate.credits(), "query credit", "query credits")
              + " but the key has "
              + Text.count(credits.queryCredits())
              + " left"
              + (credits.plan() == null ? "" : " (plan '" + credits.plan() + "')")
              + "; credits renew monthly");
    }
    return new ShodanSearch(this, query, limit, estimate);
  }

  /** One page of a search: the answer, with {@code matches} checked to be a list. */
  JsonNode page(String query, long page) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("query", query);
    params.put("page", Long.toString(page));
    params.put("minify", "true");
    JsonNode answer = get("/shodan/host/search", params, "page " + page + " of the search");
    JsonNode matches = answer.get("matches");
    if (matches == null || !matches.isArray()) {
      throw shape("page " + page + " of the search has no 'matches' list");
    }
    return answer;
  }

  private JsonNode get(String path, Map<String, String> params, String what) {
    Map<String, String> all = new LinkedHashMap<>();
    all.put("key", key);
    all.putAll(params);
    return http.send(http.request(http.uri(path, all)).GET().build(), what, Shodan::error);
  }

  private static long total(JsonNode answer) {
    JsonNode total = answer.get("total");
    if (total == null || !total.isNumber()) {
      throw shape("the answer has no 'total' number");
    }
    return total.asLong();
  }

  private static String checked(String query) {
    if (query == null || query.isBlank()) {
      throw new IllegalArgumentException("the Shodan query is empty");
    }
    return query;
  }

  static ApiException shape(String what) {
    return new ApiException(
        ApiException.Kind.BAD_RESPONSE, "Shodan sent an unexpected answer: " + what);
  }

  /** Shodan's refusals, worded for the user. */
  private static final class Shodan {
    private Shodan() {}

    static ApiException error(int status, String said) {
      String detail = "HTTP " + status + (said.isEmpty() ? "" : ": " + said);
      return switch (status) {
        case 401 ->
            new ApiException(
                ApiException.Kind.CREDENTIALS,
                status,
                "Shodan rejected the API key (" + detail + "): check " + KEY_VARIABLE,
                null);
        case 402 ->
            new ApiException(
                ApiException.Kind.NO_CREDITS,
                status,
                "Shodan refused the search ("
                    + detail
                    + "): the key has no query credits left; they renew monthly",
                null);
        case 403 ->
            new ApiException(
                ApiException.Kind.NO_CREDITS,
                status,
                "Shodan refused the request ("
                    + detail
                    + "): the key's plan does not allow it (search filters and paging need a"
                    + " membership or paid API plan)",
                null);
        case 404 ->
            new ApiException(
                ApiException.Kind.REFUSED,
                status,
                "Shodan has no such endpoint (" + detail + "): check the base URL",
                null);
        default ->
            new ApiException(
                ApiException.Kind.REFUSED,
                status,
                status >= 200 && status < 300
                    ? "Shodan refused the search: " + (said.isEmpty() ? "no reason given" : said)
                    : "Shodan refused the request (" + detail + ")",
                null);
      };
    }
  }

  @Override
  public void close() {
    http.close();
  }
}
