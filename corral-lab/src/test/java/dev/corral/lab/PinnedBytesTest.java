package dev.corral.lab;

import static dev.corral.lab.LabFixture.DATE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.core.version.OllamaVersion;
import dev.corral.lab.persona.ModelCatalog;
import dev.corral.lab.persona.Persona;
import dev.corral.lab.server.LabServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The exact bytes of the answers that matter most, for every pinned release. Expected values are
 * written out from the research notes (ollama-http-behaviour.md), not computed by lab code.
 */
class PinnedBytesTest {
  static final List<String> VERSIONS = Persona.PINNED_VERSIONS;
  private static LabFixture lab;

  @BeforeAll
  static void start() {
    lab = new LabFixture();
  }

  @AfterAll
  static void stop() {
    lab.close();
  }

  /** One model (llama3.2), nothing loaded, no pacing: stable bytes. */
  private static LabServer oneModel(String version) {
    return lab.start(
        Persona.builder("pinned", OllamaVersion.parse(version))
            .models(List.of(ModelCatalog.find("llama3.2").orElseThrow()), List.of())
            .tokenInterval(Duration.ZERO)
            .build());
  }

  private static LabServer noModels(String version) {
    return lab.start(
        Persona.builder("empty", OllamaVersion.parse(version))
            .models(List.of(), List.of())
            .build());
  }

  @ParameterizedTest
  @FieldSource("VERSIONS")
  void bannerIsTheSameOnEveryRelease(String version) throws Exception {
    LabServer server = oneModel(version);
    assertThat(LabFixture.send(server, "GET", "/", null))
        .isEqualTo(
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nDate: "
                + DATE
                + "\r\nContent-Length: 17\r\n\r\nOllama is running");
    assertThat(LabFixture.send(server, "HEAD", "/", null))
        .isEqualTo(
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nDate: "
                + DATE
                + "\r\nContent-Length: 17\r\n\r\n");
  }

  @ParameterizedTest
  @FieldSource("VERSIONS")
  void versionRouteReportsTheRelease(String version) throws Exception {
    String body = "{\"version\":\"" + version + "\"}";
    assertThat(LabFixture.send(oneModel(version), "GET", "/api/version", null))
        .isEqualTo(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nDate: "
                + DATE
                + "\r\nContent-Length: "
                + body.length()
                + "\r\n\r\n"
                + body);
  }

  private static final String ENTRY_HEAD =
      "{\"name\":\"llama3.2:latest\",\"model\":\"llama3.2:latest\","
          + "\"modified_at\":\"2025-05-04T17:37:44.706015396Z\",\"size\":2019393189,"
          + "\"digest\":\"9b93d17799761d0aaa6f3b0a7f40a4a760d84d7445bce3497bd8ca145a1c76bc\","
          + "\"details\":{\"parent_model\":\"\",\"format\":\"gguf\",\"family\":\"llama\","
          + "\"families\":[\"llama\"],\"parameter_size\":\"3.2B\",\"quantization_level\":\"Q4_K_M\"";

  @ParameterizedTest
  @CsvSource({
    "0.1.33, }}",
    "0.1.34, }}",
    "0.1.38, '},\"expires_at\":\"0001-01-01T00:00:00Z\"}'",
    "0.1.47, }}",
    "0.3.14, }}",
    "0.5.7, }}",
    "0.6.8, }}",
    "0.12.11, }}",
    "0.17.1, }}",
    "0.32.15, ',\"context_length\":131072,\"embedding_length\":3072},\"capabilities\":[\"completion\",\"tools\"]}'",
  })
  void tagsEntryHasTheFieldsOfItsRelease(String version, String tail) throws Exception {
    String body = "{\"models\":[" + ENTRY_HEAD + tail + "]}";
    assertThat(LabFixture.send(oneModel(version), "GET", "/api/tags", null))
        .isEqualTo(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nDate: "
                + DATE
                + "\r\nContent-Length: "
                + body.length()
                + "\r\n\r\n"
                + body);
  }

  @ParameterizedTest
  @CsvSource({
    "0.1.33, '{\"models\":[]}'",
    "0.1.34, '{\"models\":[]}'",
    "0.1.35, '{\"models\":null}'",
    "0.1.37, '{\"models\":null}'",
    "0.1.38, '{\"models\":[]}'",
    "0.1.47, '{\"models\":[]}'",
    "0.3.14, '{\"models\":[]}'",
    "0.5.7, '{\"models\":[]}'",
    "0.6.8, '{\"models\":[]}'",
    "0.12.11, '{\"models\":[]}'",
    "0.17.1, '{\"models\":[]}'",
    "0.32.15, '{\"models\":[]}'",
  })
  void emptyTagsIsAnEmptyListExceptFrom035To037(String version, String body) throws Exception {
    assertThat(LabFixture.send(noModels(version), "GET", "/api/tags", null))
        .endsWith("Content-Length: " + body.length() + "\r\n\r\n" + body);
  }

  @ParameterizedTest
  @FieldSource("VERSIONS")
  void unknownPathIsGinsPlainTextNotFound(String version) throws Exception {
    assertThat(LabFixture.send(oneModel(version), "GET", "/nope", null))
        .isEqualTo(
            "HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nDate: "
                + DATE
                + "\r\nContent-Length: 18\r\n\r\n404 page not found");
  }

  @ParameterizedTest
  @CsvSource({
    "0.1.33, false",
    "0.1.34, false",
    "0.1.47, false",
    "0.3.14, false",
    "0.5.7, false",
    "0.6.8, false",
    "0.7.0, true",
    "0.12.11, true",
    "0.17.1, true",
    "0.32.15, true"
  })
  void wrongMethodIs404Before070And405After(String version, boolean methodNotAllowed)
      throws Exception {
    String response = LabFixture.send(oneModel(version), "GET", "/api/generate", null);
    if (methodNotAllowed) {
      assertThat(response)
          .isEqualTo(
              "HTTP/1.1 405 Method Not Allowed\r\nAllow: POST\r\nContent-Type: text/plain\r\nDate: "
                  + DATE
                  + "\r\nContent-Length: 22\r\n\r\n405 method not allowed");
    } else {
      assertThat(response)
          .isEqualTo(
              "HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nDate: "
                  + DATE
                  + "\r\nContent-Length: 18\r\n\r\n404 page not found");
    }
  }

  @ParameterizedTest
  @CsvSource({
    "0.1.33, 404 Not Found, 39",
    "0.1.34, 400 Bad Request, 33",
    "0.1.47, 400 Bad Request, 33",
    "0.3.14, 400 Bad Request, 33",
    "0.5.7, 400 Bad Request, 33",
    "0.6.8, 400 Bad Request, 33",
    "0.12.11, 400 Bad Request, 33",
    "0.17.1, 400 Bad Request, 33",
    "0.32.15, 400 Bad Request, 33",
  })
  void headBlobProbeSeparatesProbllamaVersions(String version, String status, int length)
      throws Exception {
    assertThat(LabFixture.send(oneModel(version), "HEAD", "/api/blobs/sha256:0", null))
        .isEqualTo(
            "HTTP/1.1 "
                + status
                + "\r\nContent-Type: application/json; charset=utf-8\r\nDate: "
                + DATE
                + "\r\nContent-Length: "
                + length
                + "\r\n\r\n");
  }

  private static final String STAINLESS_7 =
      ",X-Stainless-Lang,X-Stainless-Package-Version,X-Stainless-Os,X-Stainless-Arch"
          + ",X-Stainless-Runtime,X-Stainless-Runtime-Version,X-Stainless-Async";
  private static final String BASE =
      "Authorization,Content-Type,User-Agent,Accept,X-Requested-With";

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "0.1.33|Origin,Content-Length,Content-Type",
        "0.1.34|Origin,Content-Length,Content-Type",
        "0.1.35|" + BASE,
        "0.1.47|" + BASE + STAINLESS_7,
        "0.3.14|" + BASE + STAINLESS_7,
        "0.5.7|"
            + BASE
            + ",X-Stainless-Lang,X-Stainless-Package-Version,X-Stainless-Os,X-Stainless-Arch"
            + ",X-Stainless-Retry-Count,X-Stainless-Runtime,X-Stainless-Runtime-Version,X-Stainless-Async"
            + ",X-Stainless-Helper-Method,X-Stainless-Poll-Helper,X-Stainless-Custom-Poll-Interval",
        "0.6.8|"
            + BASE
            + ",Openai-Beta,X-Stainless-Arch,X-Stainless-Async,X-Stainless-Custom-Poll-Interval"
            + ",X-Stainless-Helper-Method,X-Stainless-Lang,X-Stainless-Os,X-Stainless-Package-Version"
            + ",X-Stainless-Poll-Helper,X-Stainless-Retry-Count,X-Stainless-Runtime"
            + ",X-Stainless-Runtime-Version,X-Stainless-Timeout",
        "0.12.11|"
            + BASE
            + ",Openai-Beta,X-Stainless-Arch,X-Stainless-Async,X-Stainless-Custom-Poll-Interval"
            + ",X-Stainless-Helper-Method,X-Stainless-Lang,X-Stainless-Os,X-Stainless-Package-Version"
            + ",X-Stainless-Poll-Helper,X-Stainless-Retry-Count,X-Stainless-Runtime"
            + ",X-Stainless-Runtime-Version,X-Stainless-Timeout",
        "0.32.15|"
            + BASE
            + ",Openai-Beta,X-Stainless-Arch,X-Stainless-Async,X-Stainless-Custom-Poll-Interval"
            + ",X-Stainless-Helper-Method,X-Stainless-Lang,X-Stainless-Os,X-Stainless-Package-Version"
            + ",X-Stainless-Poll-Helper,X-Stainless-Retry-Count,X-Stainless-Runtime"
            + ",X-Stainless-Runtime-Version,X-Stainless-Timeout",
      })
  void corsPreflightCarriesTheAllowHeadersOfItsBand(String version, String allowHeaders)
      throws Exception {
    boolean allow = OllamaVersion.parse(version).isAtLeast("0.7.0");
    String response =
        LabFixture.send(
            oneModel(version),
            "OPTIONS",
            "/api/tags",
            null,
            "Origin: http://localhost:3000",
            "Access-Control-Request-Method: GET");
    assertThat(response)
        .isEqualTo(
            "HTTP/1.1 204 No Content\r\n"
                + "Access-Control-Allow-Headers: "
                + allowHeaders
                + "\r\n"
                + "Access-Control-Allow-Methods: GET,POST,PUT,PATCH,DELETE,HEAD,OPTIONS\r\n"
                + "Access-Control-Allow-Origin: http://localhost:3000\r\n"
                + "Access-Control-Max-Age: 43200\r\n"
                + (allow ? "Allow: HEAD, GET\r\n" : "")
                + "Vary: Origin\r\nVary: Access-Control-Request-Method\r\n"
                + "Vary: Access-Control-Request-Headers\r\n"
                + "Date: "
                + DATE
                + "\r\n\r\n");
  }

  private static final String CONTEXT =
      "\"context\":[99687,57490,94991,87382,43325,98602,67760,92756,92172,127735,59915,105987,"
          + "114398,71957,88018,105169,17501,46807]";
  private static final String METRICS =
      "\"total_duration\":793348297,\"load_duration\":684848297,\"prompt_eval_count\":13,"
          + "\"prompt_eval_duration\":32500000,\"eval_count\":5,\"eval_duration\":75000000}";

  @ParameterizedTest
  @CsvSource({
    "0.1.33, ''",
    "0.1.34, ''",
    "0.1.47, '\"done_reason\":\"stop\",'",
    "0.3.14, '\"done_reason\":\"stop\",'",
    "0.5.7, '\"done_reason\":\"stop\",'",
    "0.6.8, '\"done_reason\":\"stop\",'",
    "0.12.11, '\"done_reason\":\"stop\",'",
    "0.17.1, '\"done_reason\":\"stop\",'",
    "0.32.15, '\"done_reason\":\"stop\",'",
  })
  void generateStreamsNdjsonAndEndsWithRealCounters(String version, String reason)
      throws Exception {
    String response =
        LabFixture.send(
            oneModel(version),
            "POST",
            "/api/generate",
            "{\"model\":\"llama3.2\",\"prompt\":\"What is 2+2?\"}");
    String finalLine =
        "{\"model\":\"llama3.2\",\"created_at\":\"2026-11-27T10:00:00Z\",\"response\":\"\",\"done\":true,"
            + reason
            + CONTEXT
            + ","
            + METRICS
            + "\n";
    assertThat(response)
        .startsWith(
            "HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\nDate: "
                + DATE
                + "\r\nTransfer-Encoding: chunked\r\n\r\n55\r\n"
                + "{\"model\":\"llama3.2\",\"created_at\":\"2026-11-27T10:00:00Z\",\"response\":\"2\",\"done\":false}\n\r\n")
        .contains("\"response\":\" 4.\",\"done\":false}\n\r\n")
        .endsWith(Integer.toHexString(finalLine.length()) + "\r\n" + finalLine + "\r\n0\r\n\r\n");
  }

  @ParameterizedTest
  @CsvSource({
    "0.1.33, '\"done\":true,'",
    "0.1.34, '\"done\":true,'",
    "0.1.47, '\"done_reason\":\"stop\",\"done\":true,'",
    "0.5.7, '\"done_reason\":\"stop\",\"done\":true,'",
    "0.12.11, '\"done\":true,\"done_reason\":\"stop\",'",
    "0.32.15, '\"done\":true,\"done_reason\":\"stop\",'",
  })
  void chatFinalLinePutsDoneReasonWhereItsReleaseDid(String version, String done) throws Exception {
    String response =
        LabFixture.send(
            oneModel(version),
            "POST",
            "/api/chat",
            "{\"model\":\"llama3.2\",\"messages\":[{\"role\":\"user\",\"content\":\"1+1\"}]}");
    String finalLine =
        "{\"model\":\"llama3.2\",\"created_at\":\"2026-11-27T10:00:00Z\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},"
            + done
            + "\"total_duration\":788348297,\"load_duration\":684848297,\"prompt_eval_count\":11,"
            + "\"prompt_eval_duration\":27500000,\"eval_count\":5,\"eval_duration\":75000000}\n";
    assertThat(response)
        .contains("\"message\":{\"role\":\"assistant\",\"content\":\" 2.\"},\"done\":false}\n")
        .endsWith(Integer.toHexString(finalLine.length()) + "\r\n" + finalLine + "\r\n0\r\n\r\n");
  }
}
