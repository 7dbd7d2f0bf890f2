package dev.corral.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corral.cli.LocalApi.Answer;
import dev.corral.scan.source.Candidate;
import dev.corral.scan.source.api.ApiSettings;
import dev.corral.scan.target.PortList;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

class ApiSourceOptionsTest {
  private static final ApiSettings NO_WAITING =
      new ApiSettings(
          Duration.ZERO, Duration.ofSeconds(10), 3, Duration.ZERO, Duration.ofSeconds(1), d -> {});
  private static final String KEY = "cliTestShodanKey";

  private LocalApi api;

  @AfterEach
  void stop() {
    if (api != null) {
      api.close();
    }
  }

  /** A stand-in for {@code corral scan} with nothing but the mixin: prints what it gets. */
  @Command(name = "probe")
  static final class Probe implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;
    @Mixin ApiSourceOptions api;
    Map<String, String> env = Map.of();

    @Override
    public Integer call() {
      api.settings = NO_WAITING;
      PrintWriter out = spec.commandLine().getOut();
      Optional<Iterator<Candidate>> candidates = api.open(null, env);
      candidates.ifPresent(c -> c.forEachRemaining(x -> out.println(x.target().baseUrl())));
      api.describe().ifPresent(out::println);
      return 0;
    }
  }

  private record Run(int exitCode, String out, String err) {}

  private static Run run(Map<String, String> env, String... args) {
    Probe probe = new Probe();
    probe.env = env;
    CommandLine commandLine = new CommandLine(probe);
    commandLine.setParameterExceptionHandler(new ShortErrors());
    commandLine.setExecutionExceptionHandler(new ShortErrors());
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int code = commandLine.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  /** A fake Shodan: a query with {@code total} results, pages of generated banners. */
  private void shodan(long total, int failingPage) throws Exception {
    api =
        new LocalApi(
            call -> {
              if (!KEY.equals(call.query().get("key"))) {
                return new Answer(401, "{\"error\": \"Invalid API key\"}");
              }
              return switch (call.path()) {
                case "/api-info" ->
                    Answer.ok("{\"query_credits\": 100, \"scan_credits\": 100, \"plan\": \"dev\"}");
                case "/shodan/host/count" -> Answer.ok("{\"total\": " + total + "}");
                default -> {
                  int page = Integer.parseInt(call.query().get("page"));
                  if (page == failingPage) {
                    yield new Answer(503, "{\"error\": \"maintenance\"}");
                  }
                  List<String> matches = new ArrayList<>();
                  for (long i = (page - 1) * 100L; i < Math.min(total, page * 100L); i++) {
                    matches.add(
                        "{\"ip_str\": \"198.51.100.%d\", \"port\": %d, \"transport\": \"tcp\"}"
                            .formatted(i % 200 + 1, 11434 + i / 200));
                  }
                  yield Answer.ok(
                      "{\"total\": "
                          + total
                          + ", \"matches\": ["
                          + String.join(",", matches)
                          + "]}");
                }
              };
            });
  }

  @Test
  void helpDescribesEveryOption() {
    CommandLine commandLine = new CommandLine(new Probe());
    StringWriter help = new StringWriter();
    commandLine.usage(new PrintWriter(help));
    assertThat(help.toString())
        .contains("--shodan-query=QUERY", "--censys-query=QUERY", "--max-credits=N")
        .contains(
            "--max-pages=N", "--api-limit=N", "--shodan-base-url=URL", "--censys-base-url=URL");
    CommandLine.Model.CommandSpec spec = commandLine.getCommandSpec();
    assertThat(String.join(" ", spec.findOption("--shodan-query").description()))
        .contains("SHODAN_API_KEY", "--max-credits");
    assertThat(String.join(" ", spec.findOption("--censys-query").description()))
        .contains(
            "CENSYS_API_ID",
            "CENSYS_API_SECRET",
            "CENSYS_PLATFORM_TOKEN",
            "CENSYS_ORGANIZATION_ID");
    assertThat(String.join(" ", spec.findOption("--shodan-base-url").description()))
        .contains("https://api.shodan.io");
    assertThat(String.join(" ", spec.findOption("--censys-base-url").description()))
        .contains("https://search.censys.io/api", "https://api.platform.censys.io");
    assertThat(spec.findOption("--max-credits").defaultValue()).isEqualTo("10");
    assertThat(spec.findOption("--max-pages").defaultValue()).isEqualTo("5");
    assertThat(spec.findOption("--api-limit").defaultValue()).isEqualTo("1000");
  }

  @Test
  void nothingAskedNothingOpened() {
    ApiSourceOptions options = parse();
    assertThat(options.requested()).isFalse();
    assertThat(options.open(PortList.DEFAULT, Map.of())).isEmpty();
    assertThat(options.describe()).isEmpty();
  }

  @Test
  void oneSearchAtATime() {
    Run run = run(Map.of(), "--shodan-query", "product:Ollama", "--censys-query", "ollama");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .isEqualTo(
            "corral: give --shodan-query or --censys-query, not both (one search per scan)\n");
  }

  @Test
  void aMissingShodanKeyNamesTheVariable() {
    Run run = run(Map.of("SHODAN_API_KEY", " "), "--shodan-query", "product:Ollama");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo(
            "corral: --shodan-query needs a Shodan API key: set SHODAN_API_KEY (the key is on"
                + " your Shodan account page)\n");
  }

  @Test
  void missingCensysCredentialsNameTheVariables() {
    assertThat(run(Map.of(), "--censys-query", "services.port: 11434").err())
        .isEqualTo(
            "corral: --censys-query needs Censys credentials: set CENSYS_API_ID and"
                + " CENSYS_API_SECRET (Search API), or CENSYS_PLATFORM_TOKEN and"
                + " CENSYS_ORGANIZATION_ID (Platform API)\n");
    assertThat(run(Map.of("CENSYS_API_ID", "id"), "--censys-query", "q").err())
        .isEqualTo(
            "corral: --censys-query needs both the API ID and the secret: set"
                + " CENSYS_API_SECRET too\n");
    assertThat(run(Map.of("CENSYS_API_SECRET", "s"), "--censys-query", "q").err())
        .isEqualTo(
            "corral: --censys-query needs both the API ID and the secret: set"
                + " CENSYS_API_ID too\n");
  }

  @Test
  void badNumbersAndUrlsAreUsageErrors() {
    Map<String, String> env = Map.of("SHODAN_API_KEY", KEY);
    assertThat(run(env, "--shodan-query", "q", "--max-credits", "-1").err())
        .isEqualTo("corral: --max-credits cannot be negative\n");
    assertThat(run(env, "--shodan-query", "q", "--api-limit", "0").err())
        .isEqualTo("corral: --api-limit must be at least 1\n");
    assertThat(run(env, "--shodan-query", "  ").err())
        .isEqualTo("corral: --shodan-query is empty\n");
    Run pages =
        run(
            Map.of("CENSYS_API_ID", "i", "CENSYS_API_SECRET", "s"),
            "--censys-query",
            "q",
            "--max-pages",
            "0");
    assertThat(pages.exitCode()).isEqualTo(2);
    assertThat(pages.err()).isEqualTo("corral: --max-pages must be at least 1\n");
    assertThat(run(env, "--shodan-query", "q", "--shodan-base-url", "http://api.example.com").err())
        .isEqualTo(
            "corral: --shodan-base-url: plain http would send the key unencrypted; use https"
                + " (http is allowed for localhost only)\n");
    assertThat(run(env, "--shodan-query", "q", "--shodan-base-url", "ftp://example.com").err())
        .isEqualTo(
            "corral: --shodan-base-url: 'ftp://example.com' is not an http(s) URL with a host\n");
    assertThat(
            run(env, "--shodan-query", "q", "--shodan-base-url", "https://example.com/?key=1")
                .err())
        .isEqualTo(
            "corral: --shodan-base-url: give the base URL only, without query, fragment or"
                + " credentials\n");
  }

  @Test
  void overBudgetSaysWhatToChange() throws Exception {
    shodan(1_234, 0);
    Run run =
        run(
            Map.of("SHODAN_API_KEY", KEY),
            "--shodan-query",
            "product:Ollama",
            "--api-limit",
            "5000",
            "--shodan-base-url",
            api.url());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo(
            "corral: Shodan search 'product:Ollama' has 1,234 results: fetching them takes 13"
                + " pages and 13 query credits, more than the budget of 10; raise --max-credits to"
                + " 13, or lower --api-limit to 1,000 (nothing has been spent)\n");
    assertThat(api.calls()).extracting(LocalApi.Call::path).doesNotContain("/shodan/host/search");
  }

  @Test
  void shodanCandidatesAndTheSummaryLine() throws Exception {
    shodan(150, 0);
    Run run =
        run(
            Map.of("SHODAN_API_KEY", KEY),
            "--shodan-query",
            "product:Ollama",
            "--shodan-base-url",
            api.url());
    assertThat(run.exitCode()).isZero();
    List<String> lines = run.out().lines().toList();
    assertThat(lines).hasSize(151);
    assertThat(lines.get(0)).isEqualTo("http://198.51.100.1:11434");
    assertThat(lines.get(150))
        .isEqualTo("Shodan: 150 results for 'product:Ollama', 2 pages, 2 query credits");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void aRejectedKeyStopsBeforeTheScanInOneLine() throws Exception {
    shodan(150, 0);
    Run run =
        run(
            Map.of("SHODAN_API_KEY", "wrong"),
            "--shodan-query",
            "product:Ollama",
            "--shodan-base-url",
            api.url());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo(
            "corral: Shodan rejected the API key (HTTP 401: Invalid API key): check"
                + " SHODAN_API_KEY\n");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void aLaterPageFailingEndsTheCandidatesAndIsReported() throws Exception {
    shodan(250, 2);
    ApiSourceOptions options =
        parse("--shodan-query", "product:Ollama", "--shodan-base-url", api.url());
    Iterator<Candidate> candidates =
        options.open(PortList.DEFAULT, Map.of("SHODAN_API_KEY", KEY)).orElseThrow();
    int count = 0;
    while (candidates.hasNext()) {
      candidates.next();
      count++;
    }
    assertThat(count).isEqualTo(100);
    assertThat(options.failure())
        .contains(
            "Shodan answered HTTP 503 to page 2 of the search 3 times (maintenance); try again"
                + " later");
    assertThat(options.describe())
        .contains(
            "Shodan: 250 results for 'product:Ollama', first 100 fetched, 1 page, 1 query credit;"
                + " stopped early: Shodan answered HTTP 503 to page 2 of the search 3 times"
                + " (maintenance); try again later");
  }

  @Test
  void censysTakesTheServicesOnTheUsersPorts() throws Exception {
    api =
        new LocalApi(
            call ->
                call.path().endsWith("/v1/account")
                    ? Answer.ok("{\"quota\": {\"used\": 1, \"allowance\": 250}}")
                    : Answer.ok(
                        """
                        {"code": 200, "status": "OK", "result": {"total": 1, "links": {"next": ""},
                         "hits": [{"ip": "203.0.113.9", "services": [
                           {"port": 80, "service_name": "HTTP", "transport_protocol": "TCP"},
                           {"port": 11434, "service_name": "HTTP", "transport_protocol": "TCP"}]}]}}"""));
    ApiSourceOptions options =
        parse("--censys-query", "services.port: 11434", "--censys-base-url", api.url() + "/api");
    Map<String, String> env = Map.of("CENSYS_API_ID", "id", "CENSYS_API_SECRET", "secret");
    List<String> urls = new ArrayList<>();
    options
        .open(PortList.of(11434), env)
        .orElseThrow()
        .forEachRemaining(c -> urls.add(c.target().baseUrl()));
    assertThat(urls).containsExactly("http://203.0.113.9:11434");
    assertThat(options.describe())
        .contains(
            "Censys: 1 host for 'services.port: 11434', 1 page, 1 query, 1 candidate (services on"
                + " ports 11434)");
    assertThat(api.calls())
        .extracting(LocalApi.Call::path)
        .containsExactly("/api/v1/account", "/api/v2/hosts/search");
  }

  @Test
  void aPlatformTokenWinsOverSearchCredentials() throws Exception {
    api =
        new LocalApi(
            call ->
                Answer.ok(
                    "{\"result\": {\"hits\": [], \"total_hits\": 0.0, \"next_page_token\": \"\"}}"));
    ApiSourceOptions options =
        parse("--censys-query", "host.services.port: 11434", "--censys-base-url", api.url());
    Map<String, String> env =
        Map.of(
            "CENSYS_PLATFORM_TOKEN", "pat",
            "CENSYS_ORGANIZATION_ID", "org",
            "CENSYS_API_ID", "id",
            "CENSYS_API_SECRET", "secret");
    assertThat(options.open(null, env).orElseThrow().hasNext()).isFalse();
    assertThat(api.calls())
        .extracting(LocalApi.Call::path)
        .containsExactly("/v3/global/search/query");
  }

  @Test
  void theUserErrorCarriesNoStackTraceWorthShowing() {
    ApiSourceOptions options = parse("--shodan-query", "product:Ollama");
    assertThatThrownBy(() -> options.open(null, Map.of()))
        .isInstanceOf(UserError.class)
        .hasMessageStartingWith("--shodan-query needs a Shodan API key");
  }

  private static ApiSourceOptions parse(String... args) {
    Probe probe = new Probe();
    new CommandLine(probe).parseArgs(args);
    probe.api.settings = NO_WAITING;
    return probe.api;
  }
}
