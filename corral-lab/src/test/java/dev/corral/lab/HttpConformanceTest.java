package dev.corral.lab;

import static dev.corral.lab.LabFixture.DATE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.core.version.OllamaVersion;
import dev.corral.lab.persona.ModelCatalog;
import dev.corral.lab.persona.ModelSpec;
import dev.corral.lab.persona.Persona;
import dev.corral.lab.server.LabServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Go net/http and Gin wire behaviour the emulator must reproduce, independent of Ollama code. */
class HttpConformanceTest {
  private static LabFixture lab;
  private static LabServer newest;

  @BeforeAll
  static void start() {
    lab = new LabFixture();
    newest = lab.start(Persona.standard("newest", Persona.NEWEST));
  }

  @AfterAll
  static void stop() {
    lab.close();
  }

  private static LabServer withAllModels(String bind) {
    List<ModelSpec> all =
        ModelCatalog.names().stream().map(n -> ModelCatalog.find(n).orElseThrow()).toList();
    return lab.start(
        Persona.builder("big", Persona.NEWEST).models(all, List.of()).ollamaHost(bind).build());
  }

  @Test
  void bodiesOver2048BytesAreChunkedAndHeadThenHasNoLength() throws Exception {
    LabServer server = withAllModels(null);
    String get = LabFixture.send(server, "GET", "/api/tags", null);
    assertThat(get)
        .startsWith(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nDate: "
                + DATE
                + "\r\nTransfer-Encoding: chunked\r\n\r\n")
        .endsWith("]}\r\n0\r\n\r\n");
    assertThat(LabFixture.send(server, "HEAD", "/api/tags", null))
        .isEqualTo(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nDate: "
                + DATE
                + "\r\n\r\n");
  }

  @Test
  void missingHostIsGosBadRequest() throws Exception {
    assertThat(LabFixture.get(newest, "GET / HTTP/1.1\r\n\r\n"))
        .isEqualTo(
            "HTTP/1.1 400 Bad Request: missing required Host header\r\nContent-Type: text/plain; charset=utf-8\r\n"
                + "Connection: close\r\n\r\n400 Bad Request: missing required Host header");
  }

  @Test
  void garbageIsRefusedAndTheConnectionClosed() throws Exception {
    try (RawHttp http = new RawHttp(newest.address())) {
      String r = http.send("NOT HTTP AT ALL\r\n\r\n");
      assertThat(r).startsWith("HTTP/1.1 400 Bad Request\r\n").contains("Connection: close");
      assertThat(http.closedByServer()).isTrue();
    }
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrderOnOneConnection() throws Exception {
    try (RawHttp http = new RawHttp(newest.address())) {
      String first =
          http.send(
              LabFixture.request("GET", "/api/version", null)
                  + LabFixture.request("GET", "/", null));
      assertThat(first).endsWith("{\"version\":\"0.32.15\"}");
      assertThat(http.readResponse(false)).endsWith("Ollama is running");
      assertThat(http.send(LabFixture.request("GET", "/nope", null)))
          .endsWith("404 page not found");
    }
  }

  @Test
  void connectionCloseIsEchoedAndHonoured() throws Exception {
    try (RawHttp http = new RawHttp(newest.address())) {
      String r = http.send(LabFixture.request("GET", "/", null, "Connection: close"));
      assertThat(r).contains("Content-Length: 17\r\nConnection: close\r\n\r\n");
      assertThat(http.closedByServer()).isTrue();
    }
  }

  @Test
  void http10GetsA10StatusLineAndIsClosed() throws Exception {
    try (RawHttp http = new RawHttp(newest.address())) {
      String r = http.send("GET / HTTP/1.0\r\n\r\n");
      assertThat(r).startsWith("HTTP/1.0 200 OK\r\n").endsWith("Ollama is running");
      assertThat(http.closedByServer()).isTrue();
    }
  }

  @Test
  void optionsStarIsGosGlobalHandlerAndOtherStarsAre400() throws Exception {
    assertThat(LabFixture.get(newest, "OPTIONS * HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"))
        .isEqualTo("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nDate: " + DATE + "\r\n\r\n");
    assertThat(LabFixture.get(newest, "GET * HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"))
        .isEqualTo(
            "HTTP/1.1 400 Bad Request\r\nConnection: close\r\nDate: "
                + DATE
                + "\r\nContent-Length: 0\r\n\r\n");
  }

  @Test
  void trailingSlashRedirectsBeforeAnyMiddleware() throws Exception {
    assertThat(
            LabFixture.send(newest, "GET", "/api/tags/?x=1", null, "Origin: http://evil.example"))
        .isEqualTo(
            "HTTP/1.1 301 Moved Permanently\r\nContent-Type: text/html; charset=utf-8\r\nLocation: /api/tags?x=1\r\nDate: "
                + DATE
                + "\r\nContent-Length: 48\r\n\r\n<a href=\"/api/tags?x=1\">Moved Permanently</a>.\n\n");
    assertThat(LabFixture.send(newest, "POST", "/api/generate/", "{}"))
        .isEqualTo(
            "HTTP/1.1 307 Temporary Redirect\r\nLocation: /api/generate\r\nDate: "
                + DATE
                + "\r\nContent-Length: 0\r\n\r\n");
  }

  @Test
  void percentEncodedPathsRouteOnTheDecodedPath() throws Exception {
    assertThat(LabFixture.send(newest, "GET", "/api/%76ersion", null))
        .endsWith("{\"version\":\"0.32.15\"}");
    assertThat(LabFixture.send(newest, "GET", "/api/%zzversion", null))
        .startsWith("HTTP/1.1 400 Bad Request\r\n");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "0.1.28|127.0.0.1:11434|attacker.example:11434|200",
        "0.1.29|127.0.0.1:11434|attacker.example:11434|403",
        "0.32.15|127.0.0.1:11434|attacker.example:11434|403",
        "0.32.15|0.0.0.0:11434|attacker.example:11434|200",
        "0.32.15|127.0.0.1:11434|10.1.2.3|200",
        "0.32.15|127.0.0.1:11434|ollama.internal|200",
        "0.32.15|127.0.0.1:11434|ollama-lab:11434|200",
        "0.5.1|127.0.0.1:11434|LOCALHOST|403",
        "0.5.2|127.0.0.1:11434|LOCALHOST|200",
        "0.32.15|127.0.0.1:11434|[::1]|403",
        "0.32.15|127.0.0.1:11434|[::1]:11434|200",
      })
  void hostCheckGuardsOnlyLoopbackBinds(String version, String bind, String host, int status)
      throws Exception {
    LabServer server =
        lab.start(Persona.builder("h", OllamaVersion.parse(version)).ollamaHost(bind).build());
    String r = LabFixture.get(server, "GET /api/tags HTTP/1.1\r\nHost: " + host + "\r\n\r\n");
    assertThat(r).startsWith("HTTP/1.1 " + status + " ");
    if (status == 403) {
      assertThat(r)
          .isEqualTo("HTTP/1.1 403 Forbidden\r\nDate: " + DATE + "\r\nContent-Length: 0\r\n\r\n");
    }
  }

  @Test
  void optionsWithAnAllowedHostNameIs204From035() throws Exception {
    LabServer server = lab.start(Persona.standard("h", OllamaVersion.parse("0.1.35")));
    assertThat(
            LabFixture.get(server, "OPTIONS /api/tags HTTP/1.1\r\nHost: localhost:11434\r\n\r\n"))
        .isEqualTo("HTTP/1.1 204 No Content\r\nDate: " + DATE + "\r\n\r\n");
  }

  @Test
  void wildcardOriginsAnswerWithAStar() throws Exception {
    LabServer server =
        lab.start(Persona.builder("star", Persona.NEWEST).ollamaOrigins("*").build());
    String r = LabFixture.send(server, "GET", "/api/version", null, "Origin: http://evil.example");
    assertThat(r)
        .isEqualTo(
            "HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin: *\r\nContent-Type: application/json; charset=utf-8\r\nDate: "
                + DATE
                + "\r\nContent-Length: 21\r\n\r\n{\"version\":\"0.32.15\"}");
  }

  @Test
  void allowedOriginIsReflectedWithVary() throws Exception {
    String r =
        LabFixture.send(newest, "GET", "/api/version", null, "Origin: http://localhost:8080");
    assertThat(r)
        .contains(
            "HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin: http://localhost:8080\r\nContent-Type: application/json; charset=utf-8\r\nVary: Origin\r\n");
  }

  @Test
  void sameOriginRequestsSkipCorsLikeARebindingPageSendsThem() throws Exception {
    LabServer server =
        lab.start(Persona.builder("docker", Persona.NEWEST).ollamaHost("0.0.0.0:11434").build());
    String r =
        LabFixture.get(
            server,
            "GET /api/tags HTTP/1.1\r\nHost: rebind.attacker.example:11434\r\nOrigin: http://rebind.attacker.example:11434\r\n\r\n");
    assertThat(r)
        .startsWith("HTTP/1.1 200 OK\r\nContent-Type: application/json")
        .doesNotContain("Access-Control");
  }

  @Test
  void expectContinueIsAnsweredBeforeTheBody() throws Exception {
    try (RawHttp http = new RawHttp(newest.address())) {
      String r =
          http.send(
              "POST /api/show HTTP/1.1\r\nHost: 127.0.0.1\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n{}");
      assertThat(r).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
      assertThat(http.readResponse(false)).endsWith("{\"error\":\"model is required\"}");
    }
  }

  @Test
  void clientLeavingMidStreamDoesNotHurtTheServer() throws Exception {
    LabServer slow =
        lab.start(
            Persona.builder("slow", Persona.NEWEST).tokenInterval(Duration.ofMillis(200)).build());
    try (RawHttp http = new RawHttp(slow.address())) {
      String request =
          LabFixture.request(
              "POST", "/api/generate", "{\"model\":\"llama3.2\",\"prompt\":\"hello there\"}");
      http.sendOnly(request);
      assertThat(http.readHead()).startsWith("HTTP/1.1 200 OK");
    }
    assertThat(LabFixture.send(slow, "GET", "/", null)).endsWith("Ollama is running");
  }

  @Test
  void jsonDecodingFollowsGo() throws Exception {
    String caseFolded = LabFixture.send(newest, "POST", "/api/show", "{\"MODEL\":\"nosuch\"}");
    assertThat(caseFolded).endsWith("{\"error\":\"model 'nosuch:latest' not found\"}");
    String trailing =
        LabFixture.send(newest, "POST", "/api/show", "{\"model\":\"nosuch\"} trailing garbage");
    assertThat(trailing).endsWith("{\"error\":\"model 'nosuch:latest' not found\"}");
    String wrongType =
        LabFixture.send(
            newest, "POST", "/api/generate", "{\"model\":\"llama3.2\",\"stream\":\"no\"}");
    assertThat(wrongType)
        .endsWith(
            "{\"error\":\"json: cannot unmarshal string into Go struct field GenerateRequest.stream of type bool\"}");
    String notObject = LabFixture.send(newest, "POST", "/api/chat", "[1]");
    assertThat(notObject)
        .endsWith(
            "{\"error\":\"json: cannot unmarshal array into Go value of type api.ChatRequest\"}");
  }
}
