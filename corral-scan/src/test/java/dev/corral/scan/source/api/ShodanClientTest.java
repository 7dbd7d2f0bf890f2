package dev.corral.scan.source.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.corral.scan.source.Candidate;
import dev.corral.scan.source.api.FakeApi.Reply;
import dev.corral.scan.source.api.FakeApi.Request;
import dev.corral.scan.target.Target;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ShodanClientTest {
  private static final String KEY = "SHODANTESTKEY0123456789abcdefXYZ";

  private final List<Duration> waits = new ArrayList<>();
  private FakeApi fake;

  @AfterEach
  void stop() {
    if (fake != null) {
      fake.close();
    }
  }

  private ShodanClient client(Function<Request, Reply> handler) throws Exception {
    fake = FakeApi.start(handler);
    return new ShodanClient(KEY, fake.baseUrl(), FakeApi.fast(waits));
  }

  /** A generated banner, number {@code i} of a search: documentation addresses only. */
  private static String banner(int i) {
    return """
        {"ip_str": "198.51.100.%d", "port": %d, "transport": "tcp", "org": "Example Org %d",
         "asn": "AS6450%d", "hostnames": [], "location": {"country_code": "DE"},
         "data": "HTTP/1.1 200 OK\\r\\n\\r\\nOllama is running"}"""
        .formatted(i % 250 + 1, 11434 + i / 250, i % 3, i % 10);
  }

  /** Shodan with a query that matches {@code total} results and a key with {@code credits} left. */
  private static Function<Request, Reply> shodan(long total, long credits) {
    return request -> {
      if (!KEY.equals(request.param("key"))) {
        return Reply.status(401, "{\"error\": \"Please provide a valid API key\"}");
      }
      return switch (request.path()) {
        case "/api-info" ->
            Reply.json(
                """
                {"scan_credits": 100, "usage_limits": {"scan_credits": 100, "query_credits": 100,
                 "monitored_ips": 16}, "plan": "dev", "query_credits": %d, "monitored_ips": 0}"""
                    .formatted(credits));
        case "/shodan/host/count" ->
            Reply.json("{\"matches\": [], \"facets\": {}, \"total\": " + total + "}");
        case "/shodan/host/search" -> {
          int page = Integer.parseInt(request.param("page"));
          List<String> matches = new ArrayList<>();
          for (long i = (page - 1) * 100L; i < Math.min(total, page * 100L); i++) {
            matches.add(banner((int) i));
          }
          yield Reply.json(
              "{\"matches\": [" + String.join(",", matches) + "], \"total\": " + total + "}");
        }
        default -> Reply.status(404, "{\"error\": \"No such method\"}");
      };
    };
  }

  private static List<Candidate> all(ApiSearch search) {
    List<Candidate> out = new ArrayList<>();
    search.forEachRemaining(out::add);
    return out;
  }

  @Test
  void creditsComeFromApiInfo() throws Exception {
    ShodanClient shodan = client(r -> Reply.json(FakeApi.fixture("shodan-api-info.json")));
    ShodanCredits credits = shodan.credits();
    assertThat(credits).isEqualTo(new ShodanCredits(87, 100, "dev", 100L));
    assertThat(credits.describe())
        .isEqualTo("Shodan plan 'dev': 87 of 100 query credits left, 100 scan credits");
    Request request = fake.requests().get(0);
    assertThat(request.method()).isEqualTo("GET");
    assertThat(request.path()).isEqualTo("/api-info");
    assertThat(request.param("key")).isEqualTo(KEY);
  }

  @Test
  void facetsUseTheFreeCountEndpoint() throws Exception {
    ShodanClient shodan = client(r -> Reply.json(FakeApi.fixture("shodan-count-facets.json")));
    ShodanFacets facets = shodan.facets("product:Ollama", List.of("country:3", "version", "port"));
    assertThat(facets.total()).isEqualTo(1234);
    assertThat(facets.facet("country"))
        .containsExactly(
            new ShodanFacets.Bucket("US", 610),
            new ShodanFacets.Bucket("DE", 402),
            new ShodanFacets.Bucket("NL", 222));
    assertThat(facets.facet("version"))
        .hasSize(2)
        .first()
        .isEqualTo(new ShodanFacets.Bucket("0.6.5", 800));
    assertThat(facets.facet("port"))
        .containsExactly(
            new ShodanFacets.Bucket("11434", 1200), new ShodanFacets.Bucket("8080", 34));
    assertThat(facets.facet("org")).isEmpty();
    Request request = fake.requests().get(0);
    assertThat(request.path()).isEqualTo("/shodan/host/count");
    assertThat(request.param("query")).isEqualTo("product:Ollama");
    assertThat(request.param("facets")).isEqualTo("country:3,version,port");
  }

  @Test
  void facetNamesAreChecked() throws Exception {
    ShodanClient shodan = client(r -> Reply.json("{}"));
    assertThatThrownBy(() -> shodan.facets("ollama", List.of("country,org")))
        .hasMessage("'country,org' is not a Shodan facet (a name such as country, or country:20)");
    assertThatThrownBy(() -> shodan.facets("ollama", List.of()))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void pagesUntilTheEndAndCountsCredits() throws Exception {
    ShodanClient shodan = client(shodan(250, 87));
    ShodanSearch search = shodan.search("product:Ollama", 1_000, 10);
    assertThat(search.estimate()).isEqualTo(new ShodanEstimate(250, 250, 3, 3, true));
    List<Candidate> candidates = all(search);
    assertThat(candidates).hasSize(250);
    assertThat(candidates.get(0).target())
        .isEqualTo(new Target("198.51.100.1:11434", "198.51.100.1", 11434, "http"));
    assertThat(candidates.get(0).source()).isEqualTo("shodan");
    assertThat(fake.requests("/shodan/host/search"))
        .extracting(r -> r.param("page"))
        .containsExactly("1", "2", "3");
    assertThat(fake.requests("/shodan/host/search"))
        .allSatisfy(
            r -> {
              assertThat(r.param("query")).isEqualTo("product:Ollama");
              assertThat(r.param("minify")).isEqualTo("true");
            });
    assertThat(search.pages()).isEqualTo(3);
    assertThat(search.results()).isEqualTo(250);
    assertThat(search.credits()).isEqualTo(3);
    assertThat(search.describe())
        .isEqualTo("Shodan: 250 results for 'product:Ollama', 3 pages, 3 query credits");
  }

  @Test
  void anUnfilteredQueryHasItsFirstPageFree() throws Exception {
    ShodanClient shodan = client(shodan(1_234, 87));
    ShodanSearch search = shodan.search("\"Ollama is running\"", 5_000, 12);
    assertThat(search.estimate().credits()).isEqualTo(12);
    assertThat(all(search)).hasSize(1_234);
    assertThat(search.describe())
        .isEqualTo("Shodan: 1,234 results for '\"Ollama is running\"', 13 pages, 12 query credits");
  }

  @Test
  void theLimitStopsPagingEarly() throws Exception {
    ShodanClient shodan = client(shodan(1_234, 87));
    ShodanSearch search = shodan.search("product:Ollama", 150, 10);
    assertThat(all(search)).hasSize(150);
    assertThat(fake.requests("/shodan/host/search")).hasSize(2);
    assertThat(search.describe())
        .isEqualTo(
            "Shodan: 1,234 results for 'product:Ollama', first 150 fetched, 2 pages, 2 query"
                + " credits");
  }

  @Test
  void pagesAreFetchedOnlyWhenNeeded() throws Exception {
    ShodanClient shodan = client(shodan(250, 87));
    ShodanSearch search = shodan.search("product:Ollama", 1_000, 10);
    assertThat(fake.requests())
        .extracting(Request::path)
        .containsExactly("/api-info", "/shodan/host/count");
    for (int i = 0; i < 100; i++) {
      search.next();
    }
    assertThat(fake.requests("/shodan/host/search")).hasSize(1);
    search.next();
    assertThat(fake.requests("/shodan/host/search")).hasSize(2);
  }

  @Test
  void noResultsCostsNothing() throws Exception {
    ShodanClient shodan = client(shodan(0, 87));
    ShodanSearch search = shodan.search("product:Ollama country:AQ", 1_000, 10);
    assertThat(search.hasNext()).isFalse();
    assertThat(fake.requests("/shodan/host/search")).isEmpty();
    assertThat(search.describe())
        .isEqualTo("Shodan: 0 results for 'product:Ollama country:AQ', 0 pages, 0 query credits");
  }

  @Test
  void refusesASearchOverBudgetBeforeSpendingAnything() throws Exception {
    ShodanClient shodan = client(shodan(1_234, 87));
    BudgetException e =
        catchThrowableOfType(
            BudgetException.class, () -> shodan.search("product:Ollama", 5_000, 10));
    assertThat(e)
        .hasMessage(
            "Shodan search 'product:Ollama' has 1,234 results: fetching them takes 13 pages and"
                + " 13 query credits, more than the budget of 10");
    assertThat(e.kind()).isEqualTo(ApiException.Kind.BUDGET);
    assertThat(e.cost()).isEqualTo(13);
    assertThat(e.pages()).isEqualTo(13);
    assertThat(e.budget()).isEqualTo(10);
    assertThat(e.affordableResults()).isEqualTo(1_000);
    assertThat(fake.requests("/shodan/host/search")).isEmpty();
  }

  @Test
  void theBudgetMessageSaysWhenOnlyTheFirstResultsWereWanted() throws Exception {
    ShodanClient shodan = client(shodan(9_000, 87));
    assertThatThrownBy(() -> shodan.search("ollama", 2_000, 0))
        .isInstanceOf(BudgetException.class)
        .hasMessage(
            "Shodan search 'ollama' has 9,000 results: fetching the first 2,000 takes 20 pages"
                + " and 19 query credits, more than the budget of 0");
  }

  @Test
  void refusesWhenTheKeyHasTooFewCreditsLeft() throws Exception {
    ShodanClient shodan = client(shodan(1_234, 5));
    assertThatThrownBy(() -> shodan.search("product:Ollama", 5_000, 50))
        .isInstanceOf(ApiException.class)
        .hasMessage(
            "Shodan search 'product:Ollama' needs 13 query credits but the key has 5 left (plan"
                + " 'dev'); credits renew monthly")
        .extracting(e -> ((ApiException) e).kind())
        .isEqualTo(ApiException.Kind.NO_CREDITS);
    assertThat(fake.requests("/shodan/host/search")).isEmpty();
  }

  @Test
  void mapsBannersToCandidates() throws Exception {
    ShodanClient shodan =
        client(
            r ->
                switch (r.path()) {
                  case "/api-info" -> Reply.json(FakeApi.fixture("shodan-api-info.json"));
                  case "/shodan/host/count" -> Reply.json("{\"total\": 6, \"matches\": []}");
                  default -> Reply.json(FakeApi.fixture("shodan-page.json"));
                });
    ShodanSearch search = shodan.search("product:Ollama", 1_000, 10);
    assertThat(all(search))
        .containsExactly(
            new Candidate(
                new Target("198.51.100.7:11434", "198.51.100.7", 11434, "http"),
                "shodan",
                "DE",
                64500L,
                "Example Hosting GmbH",
                List.of("ollama.example.net")),
            new Candidate(
                new Target("203.0.113.20:443", "203.0.113.20", 443, "https"),
                "shodan",
                "NL",
                64501L,
                "Example TLS Networks",
                List.of()),
            new Candidate(
                new Target("[2001:db8::5]:11434", "2001:db8::5", 11434, "http"),
                "shodan",
                "US",
                64502L,
                "Example Six",
                List.of("v6.example.com", "gpu.example.com")));
    assertThat(search.results()).isEqualTo(6);
    assertThat(search.count()).isEqualTo(3);
    assertThat(search.problems()).contains("1 bad result skipped (result 4: no 'ip_str')");
    assertThat(search.describe())
        .isEqualTo(
            "Shodan: 6 results for 'product:Ollama', 1 page, 1 query credit; 1 bad result"
                + " skipped (result 4: no 'ip_str')");
  }

  @Test
  void aRejectedKeySaysWhichVariableToCheck() throws Exception {
    ShodanClient shodan = client(r -> Reply.status(401, "{\"error\": \"Invalid API key\"}"));
    ApiException e = catchThrowableOfType(ApiException.class, shodan::credits);
    assertThat(e)
        .hasMessage(
            "Shodan rejected the API key (HTTP 401: Invalid API key): check SHODAN_API_KEY");
    assertThat(e.kind()).isEqualTo(ApiException.Kind.CREDENTIALS);
    assertThat(e.status()).isEqualTo(401);
  }

  @Test
  void anHtmlErrorPageStillGivesOneLine() throws Exception {
    ShodanClient shodan =
        client(
            r ->
                new Reply(
                    401,
                    "<html>\n<head><title>401 Authorization Required</title></head>\n</html>",
                    java.util.Map.of("Content-Type", "text/html")));
    assertThatThrownBy(shodan::credits)
        .hasMessage("Shodan rejected the API key (HTTP 401): check SHODAN_API_KEY");
  }

  @Test
  void noCreditsAndPlanLimitsAreExplained() throws Exception {
    AtomicInteger status = new AtomicInteger(402);
    ShodanClient shodan =
        client(
            r ->
                Reply.status(
                    status.get(),
                    status.get() == 402
                        ? "{\"error\": \"Insufficient query credits, please upgrade your API plan"
                            + " or wait for the monthly limit to reset\"}"
                        : "{\"error\": \"Access denied\"}"));
    assertThatThrownBy(() -> shodan.count("product:Ollama"))
        .hasMessage(
            "Shodan refused the search (HTTP 402: Insufficient query credits, please upgrade your"
                + " API plan or wait for the monthly limit to reset): the key has no query"
                + " credits left; they renew monthly");
    status.set(403);
    assertThatThrownBy(() -> shodan.count("product:Ollama"))
        .hasMessage(
            "Shodan refused the request (HTTP 403: Access denied): the key's plan does not allow"
                + " it (search filters and paging need a membership or paid API plan)")
        .extracting(e -> ((ApiException) e).kind())
        .isEqualTo(ApiException.Kind.NO_CREDITS);
  }

  @Test
  void aQueryErrorInAnOkAnswerIsARefusal() throws Exception {
    ShodanClient shodan = client(r -> Reply.json("{\"error\": \"Invalid search query\"}"));
    assertThatThrownBy(() -> shodan.count("port:"))
        .hasMessage("Shodan refused the search: Invalid search query")
        .extracting(e -> ((ApiException) e).kind())
        .isEqualTo(ApiException.Kind.REFUSED);
  }

  @Test
  void backsOffOnRateLimitsThenCarriesOn() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    ShodanClient shodan =
        client(
            r ->
                switch (calls.incrementAndGet()) {
                  case 1 -> Reply.status(429, "{\"error\": \"Rate limit reached (1/second)\"}");
                  case 2 ->
                      Reply.status(429, "{\"error\": \"Rate limit reached\"}")
                          .header("Retry-After", "7");
                  default -> Reply.json(FakeApi.fixture("shodan-api-info.json"));
                });
    assertThat(shodan.credits().queryCredits()).isEqualTo(87);
    assertThat(calls.get()).isEqualTo(3);
    assertThat(waits).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(7));
  }

  @Test
  void givesUpWhenTheRateLimitDoesNotClear() throws Exception {
    ShodanClient shodan = client(r -> Reply.status(429, "{\"error\": \"Rate limit reached\"}"));
    ApiException e = catchThrowableOfType(ApiException.class, shodan::credits);
    assertThat(e)
        .hasMessage(
            "Shodan kept answering HTTP 429 (rate limit) to the account information after 5"
                + " attempts; wait a minute and try again");
    assertThat(e.kind()).isEqualTo(ApiException.Kind.RATE_LIMITED);
    assertThat(fake.requests()).hasSize(5);
    assertThat(waits)
        .containsExactly(
            Duration.ofSeconds(2),
            Duration.ofSeconds(4),
            Duration.ofSeconds(8),
            Duration.ofSeconds(16));
  }

  @Test
  void doesNotWaitHoursForARetryAfter() throws Exception {
    ShodanClient shodan = client(r -> Reply.status(429, "{}").header("Retry-After", "3600"));
    assertThatThrownBy(shodan::credits)
        .hasMessage(
            "Shodan is rate-limiting this key (HTTP 429) and asks to wait 3600 s; try again later");
    assertThat(fake.requests()).hasSize(1);
    assertThat(waits).isEmpty();
  }

  @Test
  void retriesServerErrors() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    ShodanClient shodan =
        client(
            r ->
                calls.incrementAndGet() <= 2
                    ? Reply.status(503, "<html>Service Unavailable</html>")
                    : Reply.json(FakeApi.fixture("shodan-api-info.json")));
    assertThat(shodan.credits().plan()).isEqualTo("dev");
    assertThat(calls.get()).isEqualTo(3);
    assertThat(waits).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4));
  }

  @Test
  void givesUpOnAServerThatKeepsFailing() throws Exception {
    ShodanClient shodan = client(r -> Reply.status(502, "{\"error\": \"upstream\\nfailure\"}"));
    ApiException e = catchThrowableOfType(ApiException.class, shodan::credits);
    assertThat(e)
        .hasMessage(
            "Shodan answered HTTP 502 to the account information 5 times (upstream failure); try"
                + " again later");
    assertThat(e.kind()).isEqualTo(ApiException.Kind.UNAVAILABLE);
  }

  @Test
  void aTimedOutSearchIsRetried() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    ShodanClient shodan =
        client(
            r ->
                calls.incrementAndGet() == 1
                    ? Reply.json("{\"error\": \"Search request timed out\"}")
                    : Reply.json("{\"total\": 3, \"matches\": []}"));
    assertThat(shodan.count("product:Ollama")).isEqualTo(3);
    assertThat(calls.get()).isEqualTo(2);
  }

  @Test
  void malformedJsonIsOneLine() throws Exception {
    ShodanClient shodan = client(r -> Reply.json("{\"query_credits\": 87,,}"));
    ApiException e = catchThrowableOfType(ApiException.class, shodan::credits);
    assertThat(e.kind()).isEqualTo(ApiException.Kind.BAD_RESPONSE);
    assertThat(e.getMessage())
        .startsWith("Shodan sent an answer to the account information that is not valid JSON (")
        .doesNotContain("\n");
  }

  @Test
  void answersInTheWrongShapeAreNamed() throws Exception {
    ShodanClient shodan =
        client(
            r ->
                switch (r.path()) {
                  case "/api-info" -> Reply.json("{\"plan\": \"dev\"}");
                  case "/shodan/host/count" -> Reply.json("[1, 2, 3]");
                  default -> Reply.json("{\"total\": 3, \"matches\": {}}");
                });
    assertThatThrownBy(shodan::credits)
        .hasMessage(
            "Shodan sent an unexpected answer: the account information has no 'query_credits'"
                + " number");
    assertThatThrownBy(() -> shodan.count("ollama"))
        .hasMessage("Shodan sent an unexpected answer: the answer has no 'total' number");
    assertThatThrownBy(() -> shodan.page("ollama", 1))
        .hasMessage("Shodan sent an unexpected answer: page 1 of the search has no 'matches' list");
  }

  @Test
  void aFailedPageEndsTheSearch() throws Exception {
    Function<Request, Reply> healthy = shodan(250, 87);
    ShodanClient shodan =
        client(
            r ->
                "2".equals(r.param("page"))
                    ? Reply.status(500, "{\"error\": \"internal\"}")
                    : healthy.apply(r));
    ShodanSearch search = shodan.search("product:Ollama", 1_000, 10);
    for (int i = 0; i < 100; i++) {
      search.next();
    }
    assertThatThrownBy(search::hasNext)
        .hasMessage(
            "Shodan answered HTTP 500 to page 2 of the search 5 times (internal); try again later");
    assertThat(search.hasNext()).isFalse();
    assertThat(search.describe())
        .isEqualTo(
            "Shodan: 250 results for 'product:Ollama', first 100 fetched, 1 page, 1 query credit");
  }

  @Test
  void anUnreachableServiceIsOneLine() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    ShodanClient shodan =
        new ShodanClient(KEY, URI.create("http://127.0.0.1:" + port), FakeApi.fast(waits));
    ApiException e = catchThrowableOfType(ApiException.class, shodan::credits);
    assertThat(e.kind()).isEqualTo(ApiException.Kind.NETWORK);
    assertThat(e)
        .hasMessage(
            "cannot reach Shodan at http://127.0.0.1:"
                + port
                + ": connection refused (5 attempts)");
  }

  @Test
  void theKeyNeverAppearsInAMessage() throws Exception {
    ShodanClient shodan =
        client(r -> Reply.status(400, "{\"error\": \"bad key " + r.param("key") + "\"}"));
    assertThatThrownBy(shodan::credits)
        .hasMessage("Shodan refused the request (HTTP 400: bad key ***)")
        .hasMessageNotContaining(KEY);
  }

  @Test
  void requestsArePaced() throws Exception {
    fake = FakeApi.start(shodan(50, 87));
    ApiSettings slow =
        new ApiSettings(
            Duration.ofHours(1),
            Duration.ofSeconds(10),
            5,
            Duration.ofSeconds(2),
            Duration.ofSeconds(60),
            waits::add);
    ShodanClient shodan = new ShodanClient(KEY, fake.baseUrl(), slow);
    shodan.credits();
    shodan.count("ollama");
    assertThat(waits).hasSize(1);
    assertThat(waits.get(0)).isGreaterThan(Duration.ofMinutes(59));
  }

  @Test
  void searchArgumentsAreChecked() throws Exception {
    ShodanClient shodan = client(shodan(50, 87));
    assertThatThrownBy(() -> shodan.search(" ", 10, 10)).hasMessage("the Shodan query is empty");
    assertThatThrownBy(() -> shodan.search("ollama", 0, 10))
        .hasMessage("the result limit must be at least 1");
    assertThatThrownBy(() -> shodan.search("ollama", 10, -1))
        .hasMessage("the credit budget cannot be negative");
    assertThatThrownBy(() -> new ShodanClient(" "))
        .hasMessage("a Shodan API key is needed (SHODAN_API_KEY)");
    assertThat(fake.requests()).isEmpty();
  }
}
