package dev.corral.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.gateway.config.Limits;
import dev.corral.gateway.policy.PolicySettings;
import dev.corral.lab.RawHttp;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * CORS on real parts: preflights from a listed origin are answered by the gateway itself and never
 * forwarded; every other origin, and every origin when none is listed, stays refused; allowed
 * cross-origin answers name that origin and no other.
 */
class CorsTest {
  private static final String APP = "https://app.example";
  private ProxyHarness gw;

  @AfterEach
  void stop() {
    if (gw != null) {
      gw.close();
    }
  }

  @AfterAll
  static void noLeaks() {
    assertThat(LeakRecorder.collect()).isEmpty();
  }

  private void start(List<String> origins) {
    PolicySettings d = PolicySettings.defaults();
    gw =
        new ProxyHarness(
            ProxyHarness.persona(Duration.ofMillis(1)),
            Limits.defaults(),
            null,
            8,
            new PolicySettings(
                d.registries(),
                origins,
                d.hosts(),
                d.allowCloudRoutes(),
                d.maxJsonBody(),
                d.maxBlobBody()));
  }

  private static String preflight(String path, String origin, String method) {
    return "OPTIONS "
        + path
        + " HTTP/1.1\r\nHost: gateway.test\r\nOrigin: "
        + origin
        + "\r\nAccess-Control-Request-Method: "
        + method
        + "\r\nAccess-Control-Request-Headers: authorization,content-type\r\n\r\n";
  }

  private static String lower(String response) {
    return response.toLowerCase(Locale.ROOT);
  }

  @Test
  void aPreflightFromAListedOriginIsAnsweredByTheGatewayItself() throws Exception {
    start(List.of(APP));
    String answer = RawHttp.exchange(gw.address(), preflight("/api/chat", APP, "POST"));
    assertThat(answer).startsWith("HTTP/1.1 204 ");
    assertThat(lower(answer))
        .contains("access-control-allow-origin: " + APP + "\r\n")
        .contains("access-control-allow-methods: ")
        .contains("access-control-max-age: 600\r\n")
        .contains("vary: origin\r\n");
    assertThat(
            answer
                .lines()
                .filter(l -> l.toLowerCase(Locale.ROOT).startsWith("access-control-allow-methods")))
        .singleElement()
        .asString()
        .contains("POST");
    assertThat(
            answer
                .lines()
                .filter(l -> l.toLowerCase(Locale.ROOT).startsWith("access-control-allow-headers")))
        .singleElement()
        .asString()
        .contains("Authorization")
        .contains("Content-Type");
    // Keep-alive still works after it, and the preflight never reached Ollama.
    try (RawHttp http = new RawHttp(gw.address())) {
      assertThat(http.send(preflight("/v1/chat/completions", APP, "POST")))
          .startsWith("HTTP/1.1 204 ");
      assertThat(http.send(DataPathTest.request("GET", "/api/version", null, gw.auth())))
          .startsWith("HTTP/1.1 200 ");
    }
    assertThat(gw.upstream.requests).containsExactly("GET /api/version");
    assertThat(gw.awaitEvents(3)).anySatisfy(e -> assertThat(e.rule()).isEqualTo("cors-preflight"));
  }

  @Test
  void preflightsFromOtherOriginsOrForOtherRoutesStayRefused() throws Exception {
    start(List.of(APP));
    for (String request :
        List.of(
            preflight("/api/chat", "https://evil.example", "POST"),
            preflight("/api/chat", "null", "POST"),
            preflight("/api/chat", APP + ".evil.example", "POST"))) {
      String answer = RawHttp.exchange(gw.address(), request);
      assertThat(answer).as(request).doesNotStartWith("HTTP/1.1 2");
      assertThat(lower(answer)).as(request).doesNotContain("access-control-allow-origin");
    }
    // A listed origin asking for something no route serves: refused (it may read the refusal).
    for (String request :
        List.of(
            preflight("/api/nothing", APP, "POST"),
            preflight("/api/chat", APP, "DELETE"),
            preflight("/api/me", APP, "POST"),
            preflight("/api/../api/chat", APP, "POST"))) {
      String answer = RawHttp.exchange(gw.address(), request);
      assertThat(answer).as(request).doesNotStartWith("HTTP/1.1 2");
      assertThat(lower(answer)).as(request).doesNotContain("access-control-allow-methods");
    }
    assertThat(gw.upstream.requests).isEmpty();
  }

  @Test
  void withNoOriginListedEveryPreflightIsRefused() throws Exception {
    start(List.of());
    String answer = RawHttp.exchange(gw.address(), preflight("/api/chat", APP, "POST"));
    assertThat(answer).doesNotStartWith("HTTP/1.1 2");
    assertThat(lower(answer)).doesNotContain("access-control-allow-origin");
    assertThat(gw.upstream.requests).isEmpty();
  }

  @Test
  void allowedCrossOriginAnswersNameThatOriginOnly() throws Exception {
    start(List.of(APP, "https://other.example"));
    String version =
        RawHttp.exchange(
            gw.address(),
            DataPathTest.request("GET", "/api/version", null, gw.auth(), "Origin: " + APP));
    assertThat(version).startsWith("HTTP/1.1 200 ");
    assertThat(lower(version))
        .contains("access-control-allow-origin: " + APP + "\r\n")
        .doesNotContain("other.example")
        .contains("vary: origin");
    String tags =
        RawHttp.exchange(
            gw.address(),
            DataPathTest.request("GET", "/api/tags", null, gw.auth(), "Origin: " + APP));
    assertThat(lower(tags)).contains("access-control-allow-origin: " + APP + "\r\n");
    String noKey =
        RawHttp.exchange(
            gw.address(), DataPathTest.request("GET", "/api/tags", null, "Origin: " + APP));
    assertThat(noKey).startsWith("HTTP/1.1 401 ");
    assertThat(lower(noKey)).contains("access-control-allow-origin: " + APP + "\r\n");
    String evil =
        RawHttp.exchange(
            gw.address(),
            DataPathTest.request(
                "GET", "/api/version", null, gw.auth(), "Origin: https://evil.example"));
    assertThat(evil).startsWith("HTTP/1.1 403 ");
    assertThat(lower(evil)).doesNotContain("access-control-allow-origin");
    String sameOrigin =
        RawHttp.exchange(
            gw.address(), DataPathTest.request("GET", "/api/version", null, gw.auth()));
    assertThat(lower(sameOrigin)).doesNotContain("access-control-allow-origin");
    assertThat(gw.upstream.requests)
        .containsExactly("GET /api/version", "GET /api/tags", "GET /api/version");
    // Ollama never sees the Origin (its own list would refuse it); the gateway judged it.
    assertThat(gw.upstream.full.getFirst().headers())
        .extracting(java.util.Map.Entry::getKey)
        .doesNotContain("Origin", "origin");
  }
}
