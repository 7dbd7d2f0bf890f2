package dev.corral.scan.source.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.corral.core.json.Json;
import dev.corral.scan.source.Candidate;
import dev.corral.scan.source.api.FakeApi.Reply;
import dev.corral.scan.source.api.FakeApi.Request;
import dev.corral.scan.target.PortList;
import dev.corral.scan.target.Target;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CensysClientTest {
  private static final String ID = "00000000-aaaa-bbbb-cccc-000000000001";
  private static final String SECRET = "censysTestSecret42";
  private static final String TOKEN = "censys_pat_TestToken42";
  private static final String ORG = "11111111-2222-3333-4444-555555555555";

  private final List<Duration> waits = new ArrayList<>();
  private FakeApi fake;

  @AfterEach
  void stop() {
    if (fake != null) {
      fake.close();
    }
  }

  private CensysClient v2(Function<Request, Reply> handler) throws Exception {
    fake = FakeApi.start(handler);
    return CensysClient.searchV2(ID, SECRET, fake.baseUrl("/api"), FakeApi.fast(waits));
  }

  private CensysClient platform(Function<Request, Reply> handler) throws Exception {
    fake = FakeApi.start(handler);
    return CensysClient.platform(TOKEN, ORG, fake.baseUrl(), FakeApi.fast(waits));
  }

  /** Search v2 with the two hand-written pages and a quota of 250 with 12 used. */
  private static Reply twoPages(Request r) {
    return switch (r.path()) {
      case "/api/v1/account" -> Reply.json(FakeApi.fixture("censys-account.json"));
      case "/api/v2/hosts/search" ->
          Reply.json(
              FakeApi.fixture(
                  r.param("cursor") == null ? "censys-v2-page1.json" : "censys-v2-page2.json"));
      default -> Reply.status(404, "{\"code\": 404, \"status\": \"Not Found\"}");
    };
  }

  /** Search v2 with {@code hosts} generated hosts on port 11434, {@code perPage} a page. */
  private static Function<Request, Reply> generated(int hosts, String quota) {
    return r -> {
      if (r.path().endsWith("/v1/account")) {
        return Reply.json("{\"quota\": " + quota + "}");
      }
      int perPage = Integer.parseInt(r.param("per_page"));
      int start = r.param("cursor") == null ? 0 : Integer.parseInt(r.param("cursor"));
      List<String> hits = new ArrayList<>();
      for (int i = start; i < Math.min(hosts, start + perPage); i++) {
        hits.add(
            """
            {"ip": "203.0.113.%d", "services": [{"port": %d, "service_name": "HTTP",
             "transport_protocol": "TCP"}], "location": {"country_code": "IT"},
             "autonomous_system": {"asn": 64510, "name": "EXAMPLE-IT"}}"""
                .formatted(i % 250 + 1, 11434 + i / 250));
      }
      String next = start + perPage < hosts ? Integer.toString(start + perPage) : "";
      return Reply.json(
          """
          {"code": 200, "status": "OK", "result": {"query": "%s", "total": %d, "hits": [%s],
           "links": {"prev": "", "next": "%s"}}}"""
              .formatted("q", hosts, String.join(",", hits), next));
    };
  }

  private static List<Candidate> all(ApiSearch search) {
    List<Candidate> out = new ArrayList<>();
    search.forEachRemaining(out::add);
    return out;
  }

  private static List<String> urls(List<Candidate> candidates) {
    return candidates.stream().map(c -> c.target().baseUrl()).toList();
  }

  @Test
  void quotaComesFromTheAccount() throws Exception {
    CensysClient censys = v2(CensysClientTest::twoPages);
    CensysQuota quota = censys.quota().orElseThrow();
    assertThat(quota).isEqualTo(new CensysQuota(12, 250, "2026-07-01 00:00:00"));
    assertThat(quota.remaining()).isEqualTo(238);
    assertThat(quota.describe())
        .isEqualTo("Censys: 12 of 250 queries used, 238 left (resets 2026-07-01 00:00:00)");
    Request request = fake.requests().get(0);
    assertThat(request.path()).isEqualTo("/api/v1/account");
    String basic =
        Base64.getEncoder().encodeToString((ID + ":" + SECRET).getBytes(StandardCharsets.UTF_8));
    assertThat(request.header("Authorization")).isEqualTo("Basic " + basic);
  }

  @Test
  void followsCursorsToTheEnd() throws Exception {
    CensysClient censys = v2(CensysClientTest::twoPages);
    CensysSearch search = censys.search("services.port: 11434", null, 1_000, 5);
    List<Candidate> candidates = all(search);
    List<Request> pages = fake.requests("/v2/hosts/search");
    assertThat(pages).hasSize(2);
    assertThat(pages.get(0).param("q")).isEqualTo("services.port: 11434");
    assertThat(pages.get(0).param("per_page")).isEqualTo("100");
    assertThat(pages.get(0).param("cursor")).isNull();
    assertThat(pages.get(1).param("cursor")).isEqualTo("cursor-page-2");
    // No ports given: every service Censys calls HTTP, TLS ones over https.
    assertThat(urls(candidates))
        .containsExactly(
            "https://198.51.100.30:443",
            "http://198.51.100.30:11434",
            "http://203.0.113.44:8080",
            "http://198.51.100.31:11434");
    assertThat(search.results()).isEqualTo(5);
    assertThat(search.describe())
        .isEqualTo(
            "Censys: 5 hosts for 'services.port: 11434', 2 pages, 2 queries, 4 candidates (HTTP"
                + " services); 1 bad result skipped (result 5: no 'services' list)");
  }

  @Test
  void theUsersPortsPickTheServices() throws Exception {
    CensysClient censys = v2(CensysClientTest::twoPages);
    List<Candidate> candidates =
        all(censys.search("services.port: 11434", PortList.of(11434, 53, 3389), 1_000, 5));
    // Port 11434 whatever Censys calls it; never UDP (53); RDP on 3389 because it was asked for.
    assertThat(urls(candidates))
        .containsExactly(
            "http://198.51.100.30:11434",
            "http://203.0.113.44:11434",
            "http://192.0.2.60:3389",
            "http://198.51.100.31:11434");
  }

  @Test
  void mapsHostFields() throws Exception {
    CensysClient censys = v2(CensysClientTest::twoPages);
    List<Candidate> candidates = all(censys.search("q", PortList.of(11434), 1_000, 5));
    assertThat(candidates.get(0))
        .isEqualTo(
            new Candidate(
                new Target("198.51.100.30:11434", "198.51.100.30", 11434, "http"),
                "censys",
                "FR",
                64502L,
                "EXAMPLE-NET",
                List.of("llm.example.org", "host30.example.org")));
    assertThat(candidates.get(1).country()).isEqualTo("JP");
    assertThat(candidates.get(1).asn()).isEqualTo(64503L);
    assertThat(candidates.get(1).hostnames()).isEmpty();
  }

  @Test
  void stopsAtThePageBudgetAndSaysSo() throws Exception {
    CensysClient censys =
        v2(generated(1_234, "{\"used\": 0, \"allowance\": 250, \"resets_at\": null}"));
    CensysSearch search = censys.search("services.port: 11434", null, 5_000, 3);
    assertThat(all(search)).hasSize(300);
    assertThat(fake.requests("/v2/hosts/search")).hasSize(3);
    assertThat(search.truncatedByBudget()).isTrue();
    assertThat(search.describe())
        .isEqualTo(
            "Censys: 1,234 hosts for 'services.port: 11434', first 300 fetched, 3 pages, 3"
                + " queries, 300 candidates (HTTP services); page budget reached, all would take"
                + " 13 pages");
  }

  @Test
  void theLimitSetsThePageSize() throws Exception {
    CensysClient censys = v2(generated(1_234, "{\"used\": 0, \"allowance\": 250}"));
    CensysSearch search = censys.search("q", PortList.of(11434), 30, 5);
    assertThat(all(search)).hasSize(30);
    assertThat(fake.requests("/v2/hosts/search"))
        .extracting(r -> r.param("per_page"))
        .containsExactly("30");
    assertThat(search.truncatedByBudget()).isFalse();
    assertThat(search.describe())
        .isEqualTo(
            "Censys: 1,234 hosts for 'q', first 30 fetched, 1 page, 1 query, 30 candidates"
                + " (services on ports 11434)");
  }

  @Test
  void aQuotaUsedUpStopsBeforeSearching() throws Exception {
    CensysClient censys =
        v2(generated(10, "{\"used\": 250, \"allowance\": 250, \"resets_at\": \"2026-07-01\"}"));
    ApiException e =
        catchThrowableOfType(ApiException.class, () -> censys.search("q", null, 100, 5));
    assertThat(e)
        .hasMessage(
            "Censys: the account's query quota is used up (250 of 250 used; it resets 2026-07-01)");
    assertThat(e.kind()).isEqualTo(ApiException.Kind.NO_CREDITS);
    assertThat(fake.requests("/v2/hosts/search")).isEmpty();
  }

  @Test
  void theQuotaLeftLowersThePageBudget() throws Exception {
    CensysClient censys = v2(generated(1_234, "{\"used\": 248, \"allowance\": 250}"));
    CensysSearch search = censys.search("q", null, 5_000, 5);
    assertThat(all(search)).hasSize(200);
    assertThat(fake.requests("/v2/hosts/search")).hasSize(2);
    assertThat(search.describe())
        .endsWith("; the account's quota stopped it, all would take 13 pages");
  }

  @Test
  void rejectedCredentialsNameTheVariables() throws Exception {
    CensysClient censys =
        v2(
            r ->
                Reply.status(
                    401,
                    "{\"code\": 401, \"status\": \"Unauthorized\", \"error\": \"You must authenticate with a valid API ID and secret.\"}"));
    ApiException e = catchThrowableOfType(ApiException.class, censys::quota);
    assertThat(e)
        .hasMessage(
            "Censys rejected the credentials (HTTP 401: You must authenticate with a valid API ID"
                + " and secret.): check CENSYS_API_ID and CENSYS_API_SECRET");
    assertThat(e.kind()).isEqualTo(ApiException.Kind.CREDENTIALS);
    assertThat(e.getMessage()).doesNotContain(SECRET);
  }

  @Test
  void refusalsAreExplained() throws Exception {
    AtomicInteger status = new AtomicInteger(403);
    CensysClient censys =
        v2(
            r ->
                r.path().endsWith("/v1/account")
                    ? Reply.json(FakeApi.fixture("censys-account.json"))
                    : Reply.status(
                        status.get(),
                        "{\"code\": "
                            + status.get()
                            + ", \"status\": \"error\", \"error\": \"not allowed\"}"));
    CensysSearch search = censys.search("q", null, 100, 5);
    assertThatThrownBy(search::hasNext)
        .hasMessage(
            "Censys refused the search (HTTP 403: not allowed): the account's plan does not allow"
                + " it or its quota is used up");
    status.set(422);
    CensysSearch second = censys.search("services.port: [", null, 100, 5);
    assertThatThrownBy(second::hasNext)
        .hasMessage("Censys refused the request (HTTP 422: not allowed)")
        .extracting(e -> ((ApiException) e).kind())
        .isEqualTo(ApiException.Kind.REFUSED);
  }

  @Test
  void backsOffOnRateLimits() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    CensysClient censys =
        v2(
            r ->
                calls.incrementAndGet() == 1
                    ? Reply.status(
                            429,
                            "{\"error\": \"Rate limit exceeded.\", \"status\": \"error\","
                                + " \"error_type\": \"rate_limit_exceeded\"}")
                        .header("Retry-After", "3")
                    : Reply.json(FakeApi.fixture("censys-account.json")));
    assertThat(censys.quota()).isPresent();
    assertThat(waits).containsExactly(Duration.ofSeconds(3));
  }

  @Test
  void retriesServerErrorsThenGivesUp() throws Exception {
    CensysClient censys = v2(r -> Reply.status(500, "{\"error\": \"Internal Server Error\"}"));
    ApiException e = catchThrowableOfType(ApiException.class, censys::quota);
    assertThat(e)
        .hasMessage(
            "Censys answered HTTP 500 to the account information 5 times (Internal Server Error);"
                + " try again later");
    assertThat(fake.requests()).hasSize(5);
  }

  @Test
  void malformedAnswersAreOneLine() throws Exception {
    CensysClient censys =
        v2(
            r ->
                switch (r.path()) {
                  case "/api/v1/account" -> Reply.json(FakeApi.fixture("censys-account.json"));
                  default -> Reply.json("{\"code\": 200, \"result\": {\"hits\": [");
                });
    CensysSearch search = censys.search("q", null, 100, 5);
    ApiException e = catchThrowableOfType(ApiException.class, search::hasNext);
    assertThat(e.kind()).isEqualTo(ApiException.Kind.BAD_RESPONSE);
    assertThat(e.getMessage())
        .startsWith("Censys sent an answer to page 1 of the search that is not valid JSON (")
        .doesNotContain("\n");
  }

  @Test
  void answersWithoutResultsAreNamed() throws Exception {
    CensysClient censys =
        v2(
            r ->
                switch (r.path()) {
                  case "/api/v1/account" -> Reply.json("{\"email\": \"analyst@example.com\"}");
                  default -> Reply.json("{\"code\": 200, \"status\": \"OK\"}");
                });
    assertThatThrownBy(censys::quota)
        .hasMessage(
            "Censys sent an unexpected answer: the account information has no 'quota' with"
                + " 'used' and 'allowance'");
    assertThatThrownBy(() -> censys.page("q", 100, null, 1))
        .hasMessage(
            "Censys sent an unexpected answer: page 1 of the search has no 'result' object");
  }

  @Test
  void platformSearchPostsTheQueryWithTheToken() throws Exception {
    CensysClient censys =
        platform(
            r -> {
              JsonNode body;
              try {
                body = Json.mapper().readTree(r.body());
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
              return body.has("page_token")
                  ? Reply.json(FakeApi.fixture("censys-platform-page.json"))
                  : Reply.json(
                      """
                      {"result": {"hits": [{"host_v1": {"resource": {"ip": "203.0.113.90",
                        "services": [{"port": 11434, "protocol": "HTTP", "transport_protocol": "tcp"}],
                        "location": {"country_code": "CA"}, "autonomous_system": {"asn": 64506}}}}],
                       "total_hits": 3.0, "next_page_token": "tok-2", "previous_page_token": "",
                       "query_duration_millis": 9}}""");
            });
    assertThat(censys.quota()).isEmpty();
    CensysSearch search = censys.search("host.services.port: 11434", null, 1_000, 5);
    List<Candidate> candidates = all(search);
    assertThat(urls(candidates))
        .containsExactly(
            "http://203.0.113.90:11434", "http://198.51.100.70:11434", "https://198.51.100.70:443");
    assertThat(candidates.get(1))
        .isEqualTo(
            new Candidate(
                new Target("198.51.100.70:11434", "198.51.100.70", 11434, "http"),
                "censys",
                "SE",
                64505L,
                "EXAMPLE-SE",
                List.of("inference.example.se")));
    List<Request> requests = fake.requests();
    assertThat(requests).hasSize(2);
    Request first = requests.get(0);
    assertThat(first.method()).isEqualTo("POST");
    assertThat(first.path()).isEqualTo("/v3/global/search/query");
    assertThat(first.header("Authorization")).isEqualTo("Bearer " + TOKEN);
    assertThat(first.header("X-Organization-ID")).isEqualTo(ORG);
    assertThat(first.header("Content-Type")).isEqualTo("application/json");
    JsonNode body = Json.mapper().readTree(first.body());
    assertThat(body.get("query").asText()).isEqualTo("host.services.port: 11434");
    assertThat(body.get("page_size").asInt()).isEqualTo(100);
    assertThat(body.has("page_token")).isFalse();
    assertThat(Json.mapper().readTree(requests.get(1).body()).get("page_token").asText())
        .isEqualTo("tok-2");
    assertThat(search.describe())
        .isEqualTo(
            "Censys: 2 hosts for 'host.services.port: 11434', 2 pages, 2 credits, 3 candidates"
                + " (HTTP services), 1 non-host hit skipped");
  }

  @Test
  void platformRefusalsNameTheTokenVariables() throws Exception {
    CensysClient censys =
        platform(
            r ->
                Reply.status(
                    403,
                    "{\"error\": {\"code\": 403, \"message\": \"insufficient permissions\","
                        + " \"status\": \"PERMISSION_DENIED\"}}"));
    CensysSearch search = censys.search("host.services.port: 11434", null, 100, 5);
    assertThatThrownBy(search::hasNext)
        .hasMessage(
            "Censys refused the search (HTTP 403: insufficient permissions): Platform search needs"
                + " a Starter plan or above, the API Access role and credits left; check"
                + " CENSYS_PLATFORM_TOKEN and CENSYS_ORGANIZATION_ID")
        .hasMessageNotContaining(TOKEN);
  }

  @Test
  void argumentsAreChecked() throws Exception {
    CensysClient censys = v2(CensysClientTest::twoPages);
    assertThatThrownBy(() -> censys.search("", null, 10, 5))
        .hasMessage("the Censys query is empty");
    assertThatThrownBy(() -> censys.search("q", null, 0, 5))
        .hasMessage("the result limit must be at least 1");
    assertThatThrownBy(() -> censys.search("q", null, 10, 0))
        .hasMessage("the page budget must be at least 1");
    assertThatThrownBy(() -> CensysClient.searchV2(ID, " ", fake.baseUrl(), ApiSettings.DEFAULT))
        .hasMessage("a Censys API ID and secret are needed (CENSYS_API_ID, CENSYS_API_SECRET)");
    assertThatThrownBy(() -> CensysClient.platform(null, ORG, fake.baseUrl(), ApiSettings.DEFAULT))
        .hasMessage("a Censys Platform personal access token is needed (CENSYS_PLATFORM_TOKEN)");
    assertThat(fake.requests()).isEmpty();
  }
}
