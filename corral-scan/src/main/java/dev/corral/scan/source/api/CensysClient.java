package dev.corral.scan.source.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.corral.core.json.Json;
import dev.corral.scan.source.ApiHits;
import dev.corral.scan.target.PortList;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Censys host search, for what corral needs: hits as candidates, one per matching service, and the
 * account's quota. Two APIs are spoken:
 *
 * <ul>
 *   <li><b>Search v2</b> (the Legacy Search API): {@code GET /v2/hosts/search?q=&per_page=&cursor=}
 *       under {@code https://search.censys.io/api}, HTTP Basic with the API ID and secret; pages
 *       are chained with {@code result.links.next}; the quota is at {@code /v1/account}.
 *   <li><b>Platform</b>: {@code POST /v3/global/search/query} under {@code
 *       https://api.platform.censys.io}, a personal access token as Bearer and the organisation in
 *       {@code X-Organization-ID}; pages are chained with {@code next_page_token}; hits are wrapped
 *       in {@code host_v1.resource} (web property and certificate hits are skipped).
 * </ul>
 */
public final class CensysClient implements AutoCloseable {
  public static final URI DEFAULT_BASE_URL = URI.create("https://search.censys.io/api");
  public static final URI DEFAULT_PLATFORM_URL = URI.create("https://api.platform.censys.io");
  public static final String ID_VARIABLE = "CENSYS_API_ID";
  public static final String SECRET_VARIABLE = "CENSYS_API_SECRET";
  public static final String TOKEN_VARIABLE = "CENSYS_PLATFORM_TOKEN";
  public static final String ORGANIZATION_VARIABLE = "CENSYS_ORGANIZATION_ID";
  public static final int MAX_PER_PAGE = 100;
  public static final int DEFAULT_MAX_PAGES = 5;

  /** Which Censys API a client speaks. */
  public enum Api {
    SEARCH_V2("queries", "query"),
    PLATFORM("credits", "credit");

    private final String unit;
    private final String unitOne;

    Api(String unit, String unitOne) {
      this.unit = unit;
      this.unitOne = unitOne;
    }

    String cost(long n) {
      return Text.count(n, unitOne, unit);
    }
  }

  private final Api api;
  private final String authorization;
  private final String organization;
  private final ApiHttp http;

  private CensysClient(
      Api api,
      String authorization,
      String organization,
      URI baseUrl,
      ApiSettings settings,
      List<String> secrets) {
    this.api = api;
    this.authorization = authorization;
    this.organization = organization;
    this.http = new ApiHttp("Censys", baseUrl, settings, secrets);
  }

  /** A Search v2 client (API ID and secret). */
  public static CensysClient searchV2(
      String apiId, String apiSecret, URI baseUrl, ApiSettings settings) {
    if (apiId == null || apiId.isBlank() || apiSecret == null || apiSecret.isBlank()) {
      throw new IllegalArgumentException(
          "a Censys API ID and secret are needed (" + ID_VARIABLE + ", " + SECRET_VARIABLE + ")");
    }
    String pair = apiId.strip() + ":" + apiSecret.strip();
    String basic = Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    return new CensysClient(
        Api.SEARCH_V2,
        "Basic " + basic,
        null,
        baseUrl,
        settings,
        List.of(apiSecret.strip(), basic));
  }

  /**
   * A Platform client.
   *
   * @param organizationId sent as {@code X-Organization-ID}; null to leave it out
   */
  public static CensysClient platform(
      String token, String organizationId, URI baseUrl, ApiSettings settings) {
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException(
          "a Censys Platform personal access token is needed (" + TOKEN_VARIABLE + ")");
    }
    String org = organizationId == null || organizationId.isBlank() ? null : organizationId.strip();
    return new CensysClient(
        Api.PLATFORM, "Bearer " + token.strip(), org, baseUrl, settings, List.of(token.strip()));
  }

  public Api api() {
    return api;
  }

  /**
   * The account's query quota (Search v2 {@code /v1/account}; costs no query). Empty for the
   * Platform API, whose credits are not read here.
   */
  public Optional<CensysQuota> quota() {
    if (api == Api.PLATFORM) {
      return Optional.empty();
    }
    JsonNode account =
        http.send(
            authorized(http.request(http.uri("/v1/account", Map.of()))).GET().build(),
            "the account information",
            this::error);
    JsonNode quota = account.get("quota");
    if (quota == null
        || !quota.isObject()
        || !quota.path("used").isNumber()
        || !quota.path("allowance").isNumber()) {
      throw shape("the account information has no 'quota' with 'used' and 'allowance'");
    }
    JsonNode resets = quota.get("resets_at");
    return Optional.of(
        new CensysQuota(
            quota.get("used").asLong(),
            quota.get("allowance").asLong(),
            resets != null && resets.isTextual() ? resets.asText() : null));
  }

  /**
   * Prepares a host search; nothing is fetched until it is iterated. With Search v2 the quota is
   * read first (for free): none left is an error, and fewer queries left than {@code maxPages}
   * lowers the page budget.
   *
   * @param ports services on these ports become candidates, whatever Censys calls them; null for
   *     every service Censys recognised as HTTP
   * @param limit at most this many hosts are read
   * @param maxPages at most this many pages (queries or credits) are spent
   * @throws ApiException for bad credentials, no quota left, or the service failing
   */
  public CensysSearch search(String query, PortList ports, long limit, int maxPages) {
    if (query == null || query.isBlank()) {
      throw new IllegalArgumentException("the Censys query is empty");
    }
    if (limit < 1) {
      throw new IllegalArgumentException("the result limit must be at least 1");
    }
    if (maxPages < 1) {
      throw new IllegalArgumentException("the page budget must be at least 1");
    }
    long pageBudget = maxPages;
    CensysQuota quota = quota().orElse(null);
    if (quota != null) {
      if (quota.remaining() == 0) {
        throw new ApiException(
            ApiException.Kind.NO_CREDITS,
            "Censys: the account's query quota is used up ("
                + Text.count(quota.used())
                + " of "
                + Text.count(quota.allowance())
                + " used"
                + (quota.resetsAt() == null ? "" : "; it resets " + Text.oneLine(quota.resetsAt()))
                + ")");
      }
      pageBudget = Math.min(pageBudget, quota.remaining());
    }
    ApiHits.ServiceFilter filter =
        ports == null
            ? (port, name) -> "HTTP".equalsIgnoreCase(name)
            : (port, name) -> ports.contains(port);
    return new CensysSearch(this, query, filter, ports, limit, pageBudget, maxPages, quota);
  }

  /** One page: the hits (host objects, already unwrapped), the total and the next cursor. */
  record Page(List<JsonNode> hosts, long skipped, Long total, String next) {}

  Page page(String query, int perPage, String cursor, long number) {
    String what = "page " + number + " of the search";
    return api == Api.PLATFORM
        ? platformPage(query, perPage, cursor, what)
        : searchV2Page(query, perPage, cursor, what);
  }

  private Page searchV2Page(String query, int perPage, String cursor, String what) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("q", query);
    params.put("per_page", Integer.toString(perPage));
    params.put("cursor", cursor);
    JsonNode answer =
        http.send(
            authorized(http.request(http.uri("/v2/hosts/search", params))).GET().build(),
            what,
            this::error);
    JsonNode result = answer.get("result");
    if (result == null || !result.isObject()) {
      throw shape(what + " has no 'result' object");
    }
    JsonNode hits = result.get("hits");
    if (hits == null || !hits.isArray()) {
      throw shape(what + " has no 'result.hits' list");
    }
    List<JsonNode> hosts = new ArrayList<>();
    hits.forEach(hosts::add);
    JsonNode total = result.get("total");
    JsonNode next = result.path("links").get("next");
    return new Page(
        hosts,
        0,
        total != null && total.isNumber() ? total.asLong() : null,
        next != null && next.isTextual() && !next.asText().isBlank() ? next.asText() : null);
  }

  private Page platformPage(String query, int perPage, String cursor, String what) {
    ObjectNode body = Json.mapper().createObjectNode();
    body.put("query", query);
    body.put("page_size", perPage);
    if (cursor != null) {
      body.put("page_token", cursor);
    }
    HttpRequest.Builder request =
        authorized(http.request(http.uri("/v3/global/search/query", Map.of())))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
    JsonNode answer = http.send(request.build(), what, this::error);
    JsonNode result = answer.has("result") ? answer.get("result") : answer;
    JsonNode hits = result == null ? null : result.get("hits");
    if (hits == null || !(hits.isArray() || hits.isNull())) {
      throw shape(what + " has no 'result.hits' list");
    }
    List<JsonNode> hosts = new ArrayList<>();
    long skipped = 0;
    for (JsonNode hit : hits) {
      JsonNode resource = hit.path("host_v1").get("resource");
      if (resource != null && resource.isObject()) {
        hosts.add(resource);
      } else {
        skipped++; // a web property or certificate: not a host to probe
      }
    }
    JsonNode total = result.get("total_hits");
    JsonNode next = result.get("next_page_token");
    return new Page(
        hosts,
        skipped,
        total != null && total.isNumber() ? total.asLong() : null,
        next != null && next.isTextual() && !next.asText().isBlank() ? next.asText() : null);
  }

  private HttpRequest.Builder authorized(HttpRequest.Builder request) {
    request.header("Authorization", authorization);
    if (organization != null) {
      request.header("X-Organization-ID", organization);
    }
    return request;
  }

  private String credentialsHint() {
    return api == Api.PLATFORM
        ? "check " + TOKEN_VARIABLE + " and " + ORGANIZATION_VARIABLE
        : "check " + ID_VARIABLE + " and " + SECRET_VARIABLE;
  }

  /** Censys's refusals, worded for the user. */
  private ApiException error(int status, String said) {
    String detail = "HTTP " + status + (said.isEmpty() ? "" : ": " + said);
    return switch (status) {
      case 401 ->
          new ApiException(
              ApiException.Kind.CREDENTIALS,
              status,
              "Censys rejected the credentials (" + detail + "): " + credentialsHint(),
              null);
      case 402, 403 ->
          new ApiException(
              ApiException.Kind.NO_CREDITS,
              status,
              "Censys refused the search ("
                  + detail
                  + "): "
                  + (api == Api.PLATFORM
                      ? "Platform search needs a Starter plan or above, the API Access role and"
                          + " credits left; "
                          + credentialsHint()
                      : "the account's plan does not allow it or its quota is used up"),
              null);
      case 404 ->
          new ApiException(
              ApiException.Kind.REFUSED,
              status,
              "Censys has no such endpoint (" + detail + "): check the base URL",
              null);
      default ->
          new ApiException(
              ApiException.Kind.REFUSED,
              status,
              status >= 200 && status < 300
                  ? "Censys refused the search: " + (said.isEmpty() ? "no reason given" : said)
                  : "Censys refused the request (" + detail + ")",
              null);
    };
  }

  static ApiException shape(String what) {
    return new ApiException(
        ApiException.Kind.BAD_RESPONSE, "Censys sent an unexpected answer: " + what);
  }

  @Override
  public void close() {
    http.close();
  }
}
