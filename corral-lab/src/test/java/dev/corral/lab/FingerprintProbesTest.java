package dev.corral.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.core.version.OllamaVersion;
import dev.corral.lab.persona.Persona;
import dev.corral.lab.server.LabServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The version signals of the research notes (section 9.2): every probe a scanner may use when
 * {@code /api/version} is hidden must split the releases where real Ollama does.
 */
class FingerprintProbesTest {
  private static LabFixture lab;

  @BeforeAll
  static void start() {
    lab = new LabFixture();
  }

  @AfterAll
  static void stop() {
    lab.close();
  }

  private static LabServer server(String version) {
    return lab.start(Persona.standard("probe", OllamaVersion.parse(version)));
  }

  private static String body(String response) {
    return response.substring(response.indexOf("\r\n\r\n") + 4);
  }

  private static String status(String response) {
    return response.substring(9, response.indexOf("\r\n"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "0.1.20|404 Not Found|404 page not found",
        "0.3.14|400 Bad Request|{\"error\":{\"message\":\"EOF\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":null}}",
      })
  void openAiChatWithEmptyBody(String version, String status, String body) throws Exception {
    LabServer s =
        version.equals("0.1.33")
            ? lab.start(Persona.standard("old", OllamaVersion.parse("0.1.20")))
            : server(version);
    String r = LabFixture.send(s, "POST", "/v1/chat/completions", "");
    assertThat(status(r)).isEqualTo(status);
    assertThat(body(r)).isEqualTo(body);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "0.1.33|tauri://x|403 Forbidden",
        "0.1.47|tauri://x|204 No Content",
        "0.3.14|vscode-webview://x|403 Forbidden",
        "0.5.7|vscode-webview://x|204 No Content",
        "0.5.7|vscode-file://x|403 Forbidden",
        "0.6.8|vscode-file://x|204 No Content",
        "0.32.15|chrome-extension://abc|403 Forbidden",
        "0.32.15|http://evil.example|403 Forbidden",
      })
  void defaultOriginsGrewOverTime(String version, String origin, String status) throws Exception {
    String r =
        LabFixture.send(
            server(version),
            "OPTIONS",
            "/api/tags",
            null,
            "Origin: " + origin,
            "Access-Control-Request-Method: GET");
    assertThat(status(r)).isEqualTo(status);
    if (status.startsWith("403")) {
      assertThat(r).endsWith("Content-Length: 0\r\n\r\n").doesNotContain("Access-Control");
    }
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "0.1.38|0001-01-01T00:00:00Z",
        "0.1.47|",
      })
  void psCarriedAZeroModifiedAtUntil042(String version, String zero) throws Exception {
    String r = LabFixture.send(server(version), "GET", "/api/ps", null);
    if (zero == null) {
      assertThat(body(r)).doesNotContain("modified_at").contains("\"size_vram\":");
    } else {
      assertThat(body(r)).contains("\"modified_at\":\"" + zero + "\"");
    }
  }

  @Test
  void psIsMissingBefore038AndCarriesContextLengthFrom0100() throws Exception {
    assertThat(status(LabFixture.send(server("0.1.34"), "GET", "/api/ps", null)))
        .isEqualTo("404 Not Found");
    assertThat(body(LabFixture.send(server("0.9.6"), "GET", "/api/ps", null)))
        .doesNotContain("context_length");
    assertThat(body(LabFixture.send(server("0.12.11"), "GET", "/api/ps", null)))
        .contains("\"context_length\":4096");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "0.1.34|model is required",
        "0.1.47|invalid model name",
        "0.32.15|invalid model name"
      })
  void pullWithoutModel(String version, String message) throws Exception {
    String r = LabFixture.send(server(version), "POST", "/api/pull", "{}");
    assertThat(status(r)).isEqualTo("400 Bad Request");
    assertThat(body(r)).isEqualTo("{\"error\":\"" + message + "\"}");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "0.1.33|404 Not Found",
        "0.1.47|301 Moved Permanently",
        "0.32.15|301 Moved Permanently",
      })
  void serveMuxCleansPathsFrom046(String version, String status) throws Exception {
    String r = LabFixture.send(server(version), "GET", "//api/version", null);
    assertThat(status(r)).isEqualTo(status);
    if (status.startsWith("301")) {
      assertThat(r)
          .contains("\r\nLocation: /api/version\r\n")
          .endsWith("<a href=\"/api/version\">Moved Permanently</a>.\n\n");
    }
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "0.1.33|404 Not Found|404 page not found",
        "0.2.6|400 Bad Request|{\"error\":\"missing request body\"}",
        "0.32.15|400 Bad Request|{\"error\":\"missing request body\"}",
      })
  void embedAppearedIn026(String version, String status, String body) throws Exception {
    String r = LabFixture.send(server(version), "POST", "/api/embed", "");
    assertThat(status(r)).isEqualTo(status);
    assertThat(body(r)).isEqualTo(body);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "0.1.33|model 'nosuch' not found, try pulling it first",
        "0.2.1|model 'nosuch' not found, try pulling it first",
        "0.2.2|model \\\"nosuch\\\" not found, try pulling it first",
        "0.3.14|model \\\"nosuch\\\" not found, try pulling it first",
        "0.4.0|model 'nosuch' not found",
        "0.32.15|model 'nosuch' not found",
      })
  void generateMissingModelWording(String version, String message) throws Exception {
    String r =
        LabFixture.send(
            server(version), "POST", "/api/generate", "{\"model\":\"nosuch\",\"prompt\":\"x\"}");
    assertThat(status(r)).isEqualTo("404 Not Found");
    assertThat(body(r)).isEqualTo("{\"error\":\"" + message + "\"}");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "0.5.7|model \\\"nosuch\\\" not found, try pulling it first",
        "0.11.4|model \\\"nosuch\\\" not found, try pulling it first",
        "0.12.11|model 'nosuch' not found",
      })
  void chatMissingModelWording(String version, String message) throws Exception {
    String r =
        LabFixture.send(
            server(version),
            "POST",
            "/api/chat",
            "{\"model\":\"nosuch\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
    assertThat(body(r)).isEqualTo("{\"error\":\"" + message + "\"}");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "0.3.14|400 Bad Request|{\"error\":\"model is required\"}",
        "0.5.7|404 Not Found|{\"error\":\"model '' not found\"}",
      })
  void generateWithEmptyObject(String version, String status, String body) throws Exception {
    String r = LabFixture.send(server(version), "POST", "/api/generate", "{}");
    assertThat(status(r)).isEqualTo(status);
    assertThat(body(r)).isEqualTo(body);
  }

  @Test
  void createWithoutSourceChangedFourTimes() throws Exception {
    String body = "{\"model\":\"probe-x\"}";
    assertThat(LabFixture.send(server("0.3.14"), "POST", "/api/create", body))
        .contains("400 Bad Request")
        .endsWith("{\"error\":\"path or modelfile are required\"}");
    assertThat(LabFixture.send(server("0.5.2"), "POST", "/api/create", body))
        .endsWith("{\"error\":\"path or Modelfile are required\"}");
    String v057 = LabFixture.send(server("0.5.7"), "POST", "/api/create", body);
    assertThat(v057)
        .startsWith("HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\n")
        .contains("{\"error\":\"neither 'from' or 'files' was specified\",\"status\":400}\n");
    String v012 = LabFixture.send(server("0.12.11"), "POST", "/api/create", body);
    assertThat(v012)
        .startsWith("HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\n")
        .contains("Transfer-Encoding: chunked")
        .contains("{\"error\":\"neither 'from' or 'files' was specified\"}\r\n0\r\n\r\n");
  }

  @Test
  void registryLocalAnswersDeleteOnlyIn0513() throws Exception {
    String r = LabFixture.send(server("0.5.13"), "GET", "/api/delete", null);
    assertThat(status(r)).isEqualTo("405 Method Not Allowed");
    assertThat(r).contains("Content-Type: application/json\r\n");
    assertThat(body(r))
        .isEqualTo("{\"code\":\"method_not_allowed\",\"error\":\"method not allowed\"}");
    assertThat(status(LabFixture.send(server("0.5.12"), "GET", "/api/delete", null)))
        .isEqualTo("404 Not Found");
    assertThat(status(LabFixture.send(server("0.6.8"), "GET", "/api/delete", null)))
        .isEqualTo("404 Not Found");
    assertThat(status(LabFixture.send(server("0.7.0"), "GET", "/api/delete", null)))
        .isEqualTo("405 Method Not Allowed");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "0.12.11|/api/me|405",
        "0.11.10|/api/me|404",
        "0.12.11|/api/signout|405",
        "0.13.3|/v1/responses|405",
        "0.14.0|/v1/messages|405",
        "0.13.5|/v1/messages|404",
        "0.14.3|/v1/images/generations|405",
        "0.32.5|/v1/images/generations|405",
        "0.32.6|/v1/images/generations|404",
        "0.15.5|/api/experimental/aliases|200",
        "0.18.0|/api/experimental/aliases|404",
        "0.18.0|/api/experimental/web_search|405",
        "0.20.0|/v1/audio/transcriptions|405",
      })
  void routeTimelineShowsThroughGet(String version, String path, int status) throws Exception {
    assertThat(status(LabFixture.send(server(version), "GET", path, null)))
        .startsWith(status + " ");
  }

  @Test
  void statusRouteFrom0162() throws Exception {
    assertThat(status(LabFixture.send(server("0.16.1"), "GET", "/api/status", null)))
        .startsWith("404");
    assertThat(body(LabFixture.send(server("0.17.1"), "GET", "/api/status", null)))
        .isEqualTo("{\"cloud\":{\"disabled\":false,\"source\":\"none\"}}");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {"0.17.1|api_error", "0.32.15|not_found_error"})
  void openAiNotFoundTypeFollowsStatusFrom018(String version, String type) throws Exception {
    String r = LabFixture.send(server(version), "GET", "/v1/models/nosuch", null);
    assertThat(status(r)).isEqualTo("404 Not Found");
    assertThat(r).contains("Content-Type: application/json\r\n");
    assertThat(body(r)).contains("\"type\":\"" + type + "\"").endsWith("}\n");
  }

  @Test
  void modelReferencesRefuseLocalAndCloudFrom018() throws Exception {
    String body = "{\"model\":\"a:local:cloud\",\"prompt\":\"x\"}";
    assertThat(body(LabFixture.send(server("0.18.0"), "POST", "/api/generate", body)))
        .isEqualTo("{\"error\":\"use either :local or :cloud, not both: \\\"a:local:cloud\\\"\"}");
    assertThat(status(LabFixture.send(server("0.17.1"), "POST", "/api/generate", body)))
        .startsWith("404");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {"0.29.0|model 'foo' not found", "0.30.0|model 'foo:latest' not found"})
  void showNamesTheCanonicalModelFrom030(String version, String message) throws Exception {
    String r = LabFixture.send(server(version), "POST", "/api/show", "{\"model\":\"foo\"}");
    assertThat(body(r)).isEqualTo("{\"error\":\"" + message + "\"}");
  }

  @Test
  void showKeysGrewWithTheReleases() throws Exception {
    String show = "{\"model\":\"llama3.2\"}";
    assertThat(body(LabFixture.send(server("0.1.44"), "POST", "/api/show", show)))
        .doesNotContain("model_info");
    assertThat(body(LabFixture.send(server("0.1.45"), "POST", "/api/show", show)))
        .contains("\"model_info\":{", "\"modified_at\":")
        .doesNotContain("\"tensors\"");
    assertThat(body(LabFixture.send(server("0.6.1"), "POST", "/api/show", show)))
        .contains("\"tensors\":[")
        .doesNotContain("\"capabilities\"");
    assertThat(body(LabFixture.send(server("0.6.4"), "POST", "/api/show", show)))
        .contains("\"capabilities\":[\"completion\",\"tools\"]");
  }
}
