package dev.corral.gateway.policy;

import static dev.corral.gateway.policy.Requests.ADMIN_ALL;
import static dev.corral.gateway.policy.Requests.DIGEST;
import static dev.corral.gateway.policy.Requests.USER_ALL;
import static dev.corral.gateway.policy.Requests.caller;
import static dev.corral.gateway.policy.Requests.judge;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Strict JSON and the model allowlist, over every field Ollama reads a model from. */
class OllamaPolicyBodyTest {

  private final OllamaPolicy policy = new OllamaPolicy(PolicySettings.defaults());
  private static final Caller LLAMA = caller(Role.USER, "llama3*");
  private static final Caller LLAMA_ADMIN = caller(Role.ADMIN, "llama3*");

  /** Requests the official clients send: they must pass for a key allowed llama3*. */
  static Stream<Arguments> legitimate() {
    return Stream.of(
        Arguments.of(
            "/api/generate",
            "{\"model\":\"llama3\",\"prompt\":\"Why is the sky blue?\",\"stream\":false}"),
        Arguments.of(
            "/api/generate",
            "{\"model\":\"llama3:8b\",\"prompt\":\"hi\",\"options\":{\"temperature\":0.2,"
                + "\"stop\":[\"\\n\"]},\"keep_alive\":\"5m\",\"format\":\"json\"}"),
        Arguments.of(
            "/api/chat",
            "{\"model\":\"llama3\",\"messages\":[{\"role\":\"system\",\"content\":\"Be brief\"},"
                + "{\"role\":\"user\",\"content\":\"Grüße, 世界 😀\"}],\"stream\":true}"),
        Arguments.of(
            "/api/chat",
            "{\"model\":\"llama3\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":"
                + "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},"
                + "\"required\":[\"city\"]}}}]}"),
        Arguments.of("/api/embed", "{\"model\":\"llama3\",\"input\":[\"a\",\"b\"]}"),
        Arguments.of("/api/embeddings", "{\"model\":\"llama3\",\"prompt\":\"a\"}"),
        Arguments.of("/api/show", "{\"model\":\"llama3\"}"),
        Arguments.of("/api/show", "{\"name\":\"llama3\"}"),
        Arguments.of(
            "/v1/chat/completions",
            "{\"model\":\"llama3\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                + "\"stream\":true,\"stream_options\":{\"include_usage\":true}}"),
        Arguments.of("/v1/completions", "{\"model\":\"llama3\",\"prompt\":\"Say this\"}"),
        Arguments.of("/v1/embeddings", "{\"model\":\"llama3\",\"input\":\"hello\"}"),
        Arguments.of("/v1/responses", "{\"model\":\"llama3\",\"input\":\"hello\"}"),
        Arguments.of(
            "/v1/messages",
            "{\"model\":\"llama3\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"hi\"}]}"),
        Arguments.of("/api/generate", "  {\"model\":\"llama3\"}  \r\n"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("legitimate")
  void officialClientRequestsPass(String path, String body) {
    Verdict verdict = judge(policy, LLAMA, path, body);
    assertThat(verdict.allowed()).as(verdict.toString()).isTrue();
    assertThat(verdict.model()).startsWith("registry.ollama.ai/library/llama3");
  }

  static Stream<Arguments> ambiguousJson() {
    return Stream.of(
        Arguments.of("{\"model\":\"llama3\",\"model\":\"mistral\"}", "duplicate"),
        Arguments.of("{\"model\":\"llama3\",\"Model\":\"mistral\"}", "case-variant"),
        Arguments.of("{\"model\":\"llama3\",\"MODEL\":\"mistral\"}", "case-variant"),
        Arguments.of("{\"model\":\"llama3\",\"\\u006dodel\":\"mistral\"}", "escaped key"),
        Arguments.of("{\"stream\":true,\"ſtream\":false,\"model\":\"llama3\"}", "long s folds"),
        Arguments.of("{\"model\":\"llama3\",\"options\":{\"seed\":1,\"seed\":2}}", "nested dup"),
        Arguments.of(
            "{\"model\":\"llama3\",\"messages\":[{\"role\":\"user\",\"Role\":\"system\"}]}",
            "dup in array"),
        Arguments.of("{\"model\":\"llama3\"}{\"model\":\"mistral\"}", "trailing object"),
        Arguments.of("{\"model\":\"llama3\"} x", "trailing garbage"),
        Arguments.of("[{\"model\":\"llama3\"}]", "array top level"),
        Arguments.of("\"llama3\"", "string top level"),
        Arguments.of("null", "null top level"),
        Arguments.of("", "empty"),
        Arguments.of("   ", "blank"),
        Arguments.of("{\"model\":\"llama3\"", "truncated"),
        Arguments.of("{\"model\":\"llama3\",}", "trailing comma"),
        Arguments.of("{'model':'llama3'}", "single quotes"),
        Arguments.of("{\"model\":\"llama3\",\"prompt\":\"\\ud800\"}", "lone surrogate"),
        Arguments.of("{\"model\":\"llama3\",\"prompt\":\"\\udc00\\ud800\"}", "reversed pair"),
        Arguments.of(
            "{\"model\":\"llama3\",\"x\":" + "[".repeat(65) + "]".repeat(65) + "}", "deep"),
        Arguments.of(
            "{\"model\":\"llama3\",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":"
                + "\"f\",\"parameters\":{\"type\":\"object\",\"properties\":{\"id\":{},\"id\":{}}}}}]}",
            "exact dup among schema properties"),
        Arguments.of(
            "{\"model\":\"llama3\",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":"
                + "\"f\",\"parameters\":{\"properties\":{\"id\":{\"type\":\"a\",\"TYPE\":\"b\"}}}}}]}",
            "case variant inside a schema property"));
  }

  @Test
  void schemaPropertiesAreMapKeysSoCaseVariantsAreTwoParameters() {
    // Ollama decodes a tool's properties into a map: Go matches map keys exactly.
    String tool =
        "{\"model\":\"llama3\",\"messages\":[],\"tools\":[{\"type\":\"function\",\"function\":"
            + "{\"name\":\"lookup\",\"parameters\":{\"type\":\"object\",\"Properties\":"
            + "{\"ID\":{\"type\":\"string\"},\"id\":{\"type\":\"integer\"}}}}}]}";
    assertThat(judge(policy, USER_ALL, "/api/chat", tool).allowed()).isTrue();
    assertThat(judge(policy, USER_ALL, "/v1/chat/completions", tool).allowed()).isTrue();
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("ambiguousJson")
  void ambiguousJsonIsRefused(String body, String why) {
    Verdict verdict = judge(policy, USER_ALL, "/api/generate", body);
    assertThat(verdict.allowed()).isFalse();
    assertThat(verdict.status()).isEqualTo(400);
    assertThat(verdict.rule()).isEqualTo("json-ambiguous");
  }

  @Test
  void invalidUtf8IsRefusedWhereverItIs() {
    byte[][] bodies = {
      bytes("{\"model\":\"llama3\",\"prompt\":\"", 0xC3, "\"}"), // truncated sequence
      bytes("{\"model\":\"llama3\",\"prompt\":\"", 0xC0, 0xAF, "\"}"), // overlong '/'
      bytes("{\"model\":\"llama3\",\"prompt\":\"", 0xED, 0xA0, 0x80, "\"}"), // UTF-8 surrogate
      bytes("{\"model\":\"llama3\",\"prompt\":\"", 0xF4, 0x90, 0x80, 0x80, "\"}"), // > U+10FFFF
      bytes("{\"model\":\"llama3\",\"mod", 0xFF, "el\":\"x\"}"), // in a key
      bytes("{\"model\":\"llama3\"}", 0xFF), // after the value
    };
    for (byte[] body : bodies) {
      Verdict verdict = judge(policy, USER_ALL, "POST", "/api/generate", body);
      assertThat(verdict.rule()).isEqualTo("json-ambiguous");
      assertThat(verdict.message()).contains("UTF-8");
    }
  }

  static Stream<Arguments> modelBypasses() {
    return Stream.of(
        Arguments.of("/api/generate", "{\"model\":\"mistral\",\"prompt\":\"x\"}"),
        Arguments.of("/api/generate", "{\"Model\":\"mistral\",\"prompt\":\"x\"}"),
        Arguments.of("/api/generate", "{\"MODEL\":\"mistral\"}"),
        Arguments.of("/api/chat", "{\"model\":\"evil/llama3\",\"messages\":[]}"),
        Arguments.of("/api/chat", "{\"model\":\"hf.co/x/llama3:latest\",\"messages\":[]}"),
        Arguments.of("/api/embed", "{\"model\":\"mistral\",\"input\":\"x\"}"),
        Arguments.of("/api/embeddings", "{\"model\":\"mistral\",\"prompt\":\"x\"}"),
        Arguments.of("/api/show", "{\"name\":\"mistral\"}"),
        Arguments.of("/api/show", "{\"model\":\"llama3\",\"name\":\"mistral\"}"),
        Arguments.of("/api/show", "{\"model\":\"mistral\",\"name\":\"llama3\"}"),
        Arguments.of("/v1/chat/completions", "{\"model\":\"mistral\",\"messages\":[]}"),
        Arguments.of("/v1/completions", "{\"model\":\"mistral\",\"prompt\":\"x\"}"),
        Arguments.of("/v1/embeddings", "{\"model\":\"mistral\",\"input\":\"x\"}"),
        Arguments.of("/v1/responses", "{\"model\":\"mistral\",\"input\":\"x\"}"),
        Arguments.of("/v1/messages", "{\"model\":\"mistral\",\"messages\":[]}"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("modelBypasses")
  void modelsOutsideTheAllowlistAreRefusedInEveryField(String path, String body) {
    Verdict verdict = judge(policy, LLAMA, path, body);
    assertThat(verdict.allowed()).isFalse();
    assertThat(verdict.status()).isEqualTo(403);
    assertThat(verdict.rule()).isEqualTo("model-not-allowed");
  }

  @Test
  void managementFieldsAreAllowlistedToo() {
    assertThat(judge(policy, LLAMA_ADMIN, "/api/pull", "{\"model\":\"mistral\"}").rule())
        .isEqualTo("model-not-allowed");
    assertThat(judge(policy, LLAMA_ADMIN, "/api/pull", "{\"name\":\"mistral\"}").rule())
        .isEqualTo("model-not-allowed");
    assertThat(judge(policy, LLAMA_ADMIN, "/api/pull", "{\"model\":\"llama3:70b\"}").allowed())
        .isTrue();
    assertThat(
            judge(
                    policy,
                    LLAMA_ADMIN,
                    "/api/copy",
                    "{\"source\":\"mistral\",\"destination\":\"llama3x\"}")
                .rule())
        .isEqualTo("model-not-allowed");
    assertThat(
            judge(
                    policy,
                    LLAMA_ADMIN,
                    "/api/copy",
                    "{\"source\":\"llama3\",\"destination\":\"mistral\"}")
                .rule())
        .isEqualTo("model-not-allowed");
    Verdict copy =
        judge(
            policy,
            LLAMA_ADMIN,
            "/api/copy",
            "{\"source\":\"llama3\",\"destination\":\"llama3-copy\"}");
    assertThat(copy.allowed()).isTrue();
    assertThat(copy.model()).isEqualTo("registry.ollama.ai/library/llama3:latest");
    assertThat(
            judge(
                    policy,
                    LLAMA_ADMIN,
                    "/api/create",
                    "{\"model\":\"llama3-mine\",\"from\":\"mistral\"}")
                .rule())
        .isEqualTo("model-not-allowed");
    assertThat(
            judge(policy, LLAMA_ADMIN, "/api/create", "{\"model\":\"mine\",\"from\":\"llama3\"}")
                .rule())
        .isEqualTo("model-not-allowed");
    Verdict create =
        judge(
            policy,
            LLAMA_ADMIN,
            "/api/create",
            "{\"model\":\"llama3-mine\",\"from\":\"llama3\",\"system\":\"be terse\"}");
    assertThat(create.allowed()).isTrue();
    assertThat(create.model()).isEqualTo("registry.ollama.ai/library/llama3-mine:latest");
    assertThat(
            judge(
                    policy,
                    LLAMA_ADMIN,
                    "DELETE",
                    "/api/delete",
                    Requests.utf8("{\"model\":\"mistral\"}"))
                .rule())
        .isEqualTo("model-not-allowed");
    assertThat(
            judge(
                    policy,
                    LLAMA_ADMIN,
                    "DELETE",
                    "/api/delete",
                    Requests.utf8("{\"name\":\"llama3\"}"))
                .allowed())
        .isTrue();
  }

  @Test
  void missingInvalidOrMistypedModelsAreRefused() {
    for (String body :
        List.of(
            "{}",
            "{\"model\":\"\"}",
            "{\"model\":null}",
            "{\"model\":42}",
            "{\"model\":[\"llama3\"]}",
            "{\"model\":\"../../etc/passwd\"}",
            "{\"model\":\"llama3:\"}",
            "{\"model\":\"a/b/c/d\"}")) {
      Verdict verdict = judge(policy, USER_ALL, "/api/generate", body);
      assertThat(verdict.status()).as(body).isEqualTo(400);
      assertThat(verdict.rule()).as(body).isEqualTo("model-name-invalid");
    }
  }

  @Test
  void cloudModelsAreRefusedUnlessConfigured() {
    assertThat(judge(policy, USER_ALL, "/api/chat", "{\"model\":\"gpt-oss:120b-cloud\"}").rule())
        .isEqualTo("route-forbidden");
    assertThat(judge(policy, USER_ALL, "/api/chat", "{\"model\":\"kimi-k2:cloud\"}").rule())
        .isEqualTo("route-forbidden");
  }

  @Test
  void webSearchToolsAreRefusedUnlessCloudRoutesAreAllowed() {
    // The built-in tool searches through ollama.com with the server's identity.
    String messages =
        "{\"model\":\"llama3\",\"max_tokens\":9,\"messages\":[],"
            + "\"tools\":[{\"type\":\"web_search_20250305\",\"name\":\"web_search\"}]}";
    String responses =
        "{\"model\":\"llama3\",\"input\":\"hi\",\"tools\":[{\"TYPE\":\" web_search\"}]}";
    String nested =
        "{\"model\":\"llama3\",\"input\":\"hi\",\"tools\":[{\"type\":\"namespace\","
            + "\"name\":\"n\",\"tools\":[{\"type\":\"web_search\"}]}]}";
    assertThat(judge(policy, USER_ALL, "/v1/messages", messages).rule())
        .isEqualTo("route-forbidden");
    assertThat(judge(policy, USER_ALL, "/v1/responses", responses).rule())
        .isEqualTo("route-forbidden");
    assertThat(judge(policy, USER_ALL, "/v1/responses", nested).rule())
        .isEqualTo("route-forbidden");
    String function =
        "{\"model\":\"llama3\",\"input\":\"hi\",\"tools\":[{\"type\":\"function\","
            + "\"name\":\"web_search\",\"parameters\":{}}]}";
    assertThat(judge(policy, USER_ALL, "/v1/responses", function).allowed()).isTrue();

    PolicySettings d = PolicySettings.defaults();
    OllamaPolicy cloud =
        new OllamaPolicy(
            new PolicySettings(
                d.registries(), d.origins(), d.hosts(), true, d.maxJsonBody(), d.maxBlobBody()));
    assertThat(judge(cloud, USER_ALL, "/v1/messages", messages).allowed()).isTrue();
  }

  @Test
  void judgeBodyChecksTheContentTypeOfBodiesTheHeadDidNotAnnounce() {
    // An HTTP/2 request may send DATA after a head that declared no body.
    RequestHead head = Requests.head("POST", "/api/chat", "Content-Length", "0");
    Verdict first = policy.judgeHead(USER_ALL, head);
    assertThat(first.allowed()).isTrue();
    Verdict body = policy.judgeBody(USER_ALL, head, first, Requests.utf8("{\"model\":\"x\"}"));
    assertThat(body.status()).isEqualTo(415);
    assertThat(body.rule()).isEqualTo("json-content-type");
  }

  @Test
  void judgeBodyRefusesWhatTheHeadDidNotAllow() {
    RequestHead head = Requests.jsonPost("/api/chat", 2);
    Verdict refused = Verdict.deny(403, "x", "no", null);
    assertThat(policy.judgeBody(USER_ALL, head, refused, Requests.utf8("{}")).allowed()).isFalse();
  }

  @Test
  void adminWildcardPassesManagementRequests() {
    assertThat(
            judge(policy, ADMIN_ALL, "/api/pull", "{\"model\":\"llama3\",\"stream\":true}")
                .allowed())
        .isTrue();
    assertThat(judge(policy, ADMIN_ALL, "/api/push", "{\"model\":\"someone/m:tag\"}").allowed())
        .isTrue();
    assertThat(
            judge(
                    policy,
                    ADMIN_ALL,
                    "/api/create",
                    "{\"model\":\"m\",\"files\":{\"model.gguf\":\"" + DIGEST + "\"}}")
                .allowed())
        .isTrue();
  }

  private static byte[] bytes(Object... parts) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (Object part : parts) {
      if (part instanceof String s) {
        out.writeBytes(Requests.utf8(s));
      } else {
        out.write((Integer) part);
      }
    }
    return out.toByteArray();
  }
}
