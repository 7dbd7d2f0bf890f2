package dev.corral.cli;

import dev.corral.scan.source.Candidate;
import dev.corral.scan.source.api.ApiException;
import dev.corral.scan.source.api.ApiSearch;
import dev.corral.scan.source.api.ApiSettings;
import dev.corral.scan.source.api.BudgetException;
import dev.corral.scan.source.api.CensysClient;
import dev.corral.scan.source.api.ShodanClient;
import dev.corral.scan.source.api.ShodanFacets;
import dev.corral.scan.target.PortList;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Candidates straight from the Shodan or Censys search API: {@code --shodan-query} / {@code
 * --censys-query} with their budget options. Add it with {@code @Mixin ApiSourceOptions api;},
 * then:
 *
 * <pre>{@code
 * Optional<Iterator<Candidate>> candidates = api.open(portsOrNull, System.getenv());
 * ... scan them ...
 * api.describe().ifPresent(line -> err.println("  Source: " + line + "."));
 * }</pre>
 *
 * <p>{@link #open} fails fast: bad options, missing keys, a search over budget, a rejected key or a
 * first page that cannot be had are {@link UserError}s before anything is scanned. A page that
 * fails later ends the candidates quietly; {@link #describe()} and {@link #failure()} say so.
 */
public final class ApiSourceOptions {

  @Option(
      names = "--shodan-query",
      paramLabel = "QUERY",
      description =
          "Take candidates from a Shodan search, e.g. 'product:Ollama port:11434'. Needs"
              + " SHODAN_API_KEY; spends query credits (see --max-credits).")
  String shodanQuery;

  @Option(
      names = "--censys-query",
      paramLabel = "QUERY",
      description =
          "Take candidates from a Censys host search, e.g. 'services.port: 11434': one per"
              + " service on --ports, or per HTTP service without --ports. Needs CENSYS_API_ID"
              + " and CENSYS_API_SECRET (Search API), or CENSYS_PLATFORM_TOKEN and"
              + " CENSYS_ORGANIZATION_ID (Platform API).")
  String censysQuery;

  @Option(
      names = "--max-credits",
      paramLabel = "N",
      defaultValue = "10",
      description =
          "Refuse a Shodan search that would cost more than N query credits; counting first is"
              + " free (default: ${DEFAULT-VALUE}).")
  int maxCredits;

  @Option(
      names = "--max-pages",
      paramLabel = "N",
      defaultValue = "5",
      description =
          "Fetch at most N Censys pages of up to 100 hosts, each one query of quota or one credit"
              + " (default: ${DEFAULT-VALUE}).")
  int maxPages;

  @Option(
      names = "--api-limit",
      paramLabel = "N",
      defaultValue = "1000",
      description =
          "Fetch at most N results, Shodan banners or Censys hosts (default: ${DEFAULT-VALUE}).")
  long apiLimit;

  @Option(
      names = "--shodan-base-url",
      paramLabel = "URL",
      description = "Shodan API base URL (default: https://api.shodan.io).")
  String shodanBaseUrl;

  @Option(
      names = "--censys-base-url",
      paramLabel = "URL",
      description =
          "Censys API base URL (default: https://search.censys.io/api, or"
              + " https://api.platform.censys.io with a Platform token).")
  String censysBaseUrl;

  @Option(
      names = "--count",
      description =
          "With --shodan-query: print how many hosts the query matches and their breakdown by"
              + " --facets (free: no query credits), then stop without scanning.")
  boolean count;

  @Option(
      names = "--facets",
      paramLabel = "LIST",
      split = ",",
      defaultValue = "country,org,version,port",
      description =
          "Shodan facets for --count, each optionally with how many values to list, e.g."
              + " country:20 (default: ${DEFAULT-VALUE}).")
  List<String> facets;

  /** How the clients pace and retry; tests replace it so nothing waits. */
  ApiSettings settings = ApiSettings.DEFAULT;

  private ApiSearch search;
  private AutoCloseable client;
  private String failure;

  /** True when {@code --count} asks for counts instead of a scan. */
  public boolean countOnly() {
    return count;
  }

  /**
   * The query's total and facet counts ({@code --count}); costs no credits.
   *
   * @throws UserError for bad options, a missing key or an API failure
   */
  public ShodanFacets counts(Map<String, String> env) {
    if (shodanQuery == null) {
      throw usage(
          censysQuery != null
              ? "--count works with --shodan-query only (Censys bills aggregate queries)"
              : "--count needs --shodan-query");
    }
    if (shodanQuery.isBlank()) {
      throw usage("--shodan-query is empty");
    }
    for (String facet : facets) {
      if (!ShodanClient.isFacet(facet)) {
        throw usage(
            "--facets: '"
                + facet
                + "' is not a Shodan facet (a name such as country, or country:20)");
      }
    }
    try (ShodanClient shodan = shodanClient(env)) {
      return shodan.facets(shodanQuery, facets);
    } catch (ApiException e) {
      throw new UserError(e.getMessage(), e);
    }
  }

  /** True when a search was asked for. */
  public boolean requested() {
    return shodanQuery != null || censysQuery != null;
  }

  /**
   * Checks the options, prepares the search and fetches its first page.
   *
   * @param ports the user's {@code -p/--ports}, or null when they gave none: Censys then takes
   *     every HTTP service of each host, else the services on these ports. Shodan results are one
   *     service each and are not filtered: put {@code port:} in the query, it also saves credits.
   * @param env where the keys are read from ({@code System.getenv()})
   * @return the candidates, lazily paged; empty when neither query was given
   * @throws UserError for anything that stops the search before it starts
   */
  public Optional<Iterator<Candidate>> open(PortList ports, Map<String, String> env) {
    if (shodanQuery != null && censysQuery != null) {
      throw usage("give --shodan-query or --censys-query, not both (one search per scan)");
    }
    if (!requested()) {
      return Optional.empty();
    }
    if (apiLimit < 1) {
      throw usage("--api-limit must be at least 1");
    }
    try {
      if (shodanQuery != null) {
        search = openShodan(env);
      } else {
        search = openCensys(ports, env);
      }
      // The first page now: a bad key or an empty account fails here, not mid-scan.
      var unused = search.hasNext();
    } catch (BudgetException e) {
      close();
      throw new UserError(budget(e), e);
    } catch (ApiException e) {
      close();
      throw new UserError(e.getMessage(), e);
    }
    return Optional.of(new Candidates());
  }

  private ApiSearch openShodan(Map<String, String> env) {
    if (shodanQuery.isBlank()) {
      throw usage("--shodan-query is empty");
    }
    if (maxCredits < 0) {
      throw usage("--max-credits cannot be negative");
    }
    ShodanClient shodan = shodanClient(env);
    client = shodan;
    return shodan.search(shodanQuery, apiLimit, maxCredits);
  }

  private ShodanClient shodanClient(Map<String, String> env) {
    String key = variable(env, ShodanClient.KEY_VARIABLE);
    if (key == null) {
      throw new UserError(
          "--shodan-query needs a Shodan API key: set "
              + ShodanClient.KEY_VARIABLE
              + " (the key is on your Shodan account page)");
    }
    URI base = baseUrl("--shodan-base-url", shodanBaseUrl, ShodanClient.DEFAULT_BASE_URL);
    return new ShodanClient(key, base, settings);
  }

  private ApiSearch openCensys(PortList ports, Map<String, String> env) {
    if (censysQuery.isBlank()) {
      throw usage("--censys-query is empty");
    }
    if (maxPages < 1) {
      throw usage("--max-pages must be at least 1");
    }
    String token = variable(env, CensysClient.TOKEN_VARIABLE);
    String id = variable(env, CensysClient.ID_VARIABLE);
    String secret = variable(env, CensysClient.SECRET_VARIABLE);
    CensysClient censys;
    if (token != null) {
      URI base = baseUrl("--censys-base-url", censysBaseUrl, CensysClient.DEFAULT_PLATFORM_URL);
      censys =
          CensysClient.platform(
              token, variable(env, CensysClient.ORGANIZATION_VARIABLE), base, settings);
    } else if (id != null && secret != null) {
      URI base = baseUrl("--censys-base-url", censysBaseUrl, CensysClient.DEFAULT_BASE_URL);
      censys = CensysClient.searchV2(id, secret, base, settings);
    } else if (id != null || secret != null) {
      throw new UserError(
          "--censys-query needs both the API ID and the secret: set "
              + (id == null ? CensysClient.ID_VARIABLE : CensysClient.SECRET_VARIABLE)
              + " too");
    } else {
      throw new UserError(
          "--censys-query needs Censys credentials: set "
              + CensysClient.ID_VARIABLE
              + " and "
              + CensysClient.SECRET_VARIABLE
              + " (Search API), or "
              + CensysClient.TOKEN_VARIABLE
              + " and "
              + CensysClient.ORGANIZATION_VARIABLE
              + " (Platform API)");
    }
    client = censys;
    return censys.search(censysQuery, ports, apiLimit, maxPages);
  }

  /**
   * One line for the summary, as things stand: {@code Shodan: 1,234 results for 'product:Ollama',
   * 13 pages, 13 query credits}, with {@code stopped early: ...} when a later page failed. Empty
   * when no search was opened.
   */
  public Optional<String> describe() {
    if (search == null) {
      return Optional.empty();
    }
    String line = search.describe();
    return Optional.of(failure == null ? line : line + "; stopped early: " + failure);
  }

  /** Why the candidates ended before the search did, if a later page failed. */
  public Optional<String> failure() {
    return Optional.ofNullable(failure);
  }

  private static String budget(BudgetException e) {
    StringBuilder out = new StringBuilder(e.getMessage());
    out.append("; raise --max-credits to ").append(e.cost());
    if (e.affordableResults() > 0 && e.affordableResults() < e.results()) {
      out.append(", or lower --api-limit to ")
          .append(String.format(Locale.ROOT, "%,d", e.affordableResults()));
    }
    return out.append(" (nothing has been spent)").toString();
  }

  private static String variable(Map<String, String> env, String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? null : value.strip();
  }

  /** An absolute http(s) URL; plain http only to this machine, so a key never travels in clear. */
  private static URI baseUrl(String option, String text, URI fallback) {
    if (text == null) {
      return fallback;
    }
    URI uri;
    try {
      uri = new URI(text.strip());
    } catch (URISyntaxException e) {
      throw usage(option + ": '" + text + "' is not a URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
      throw usage(option + ": '" + text + "' is not an http(s) URL with a host");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
      throw usage(option + ": give the base URL only, without query, fragment or credentials");
    }
    if (scheme.equals("http") && !loopback(uri.getHost())) {
      throw usage(
          option
              + ": plain http would send the key unencrypted; use https (http is allowed for"
              + " localhost only)");
    }
    return uri;
  }

  private static boolean loopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return h.equals("localhost") || h.startsWith("127.") || h.equals("[::1]") || h.equals("::1");
  }

  private static UserError usage(String message) {
    return new UserError(message, ShortErrors.USAGE, null);
  }

  private void close() {
    if (client != null) {
      try {
        client.close();
      } catch (Exception e) {
        // nothing to tell the user: the search is over either way
      }
      client = null;
    }
  }

  /** The search's candidates; a page failing mid-way ends them and is remembered. */
  private final class Candidates implements Iterator<Candidate> {
    private boolean ended;

    @Override
    public boolean hasNext() {
      if (ended) {
        return false;
      }
      try {
        if (search.hasNext()) {
          return true;
        }
      } catch (ApiException e) {
        failure = e.getMessage();
      }
      ended = true;
      close();
      return false;
    }

    @Override
    public Candidate next() {
      if (!hasNext()) {
        throw new NoSuchElementException("no more candidates from the search");
      }
      return search.next();
    }
  }
}
