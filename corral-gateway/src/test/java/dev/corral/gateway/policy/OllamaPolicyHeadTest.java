package dev.corral.gateway.policy;

import static dev.corral.gateway.policy.Requests.ADMIN_ALL;
import static dev.corral.gateway.policy.Requests.DIGEST;
import static dev.corral.gateway.policy.Requests.USER_ALL;
import static dev.corral.gateway.policy.Requests.head;
import static dev.corral.gateway.policy.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OllamaPolicyHeadTest {

  private final OllamaPolicy policy = new OllamaPolicy(PolicySettings.defaults());

  static Stream<Arguments> userRoutes() {
    return Stream.of(
        Arguments.of("GET", "/"),
        Arguments.of("HEAD", "/"),
        Arguments.of("GET", "/api/version"),
        Arguments.of("HEAD", "/api/version"),
        Arguments.of("GET", "/api/tags"),
        Arguments.of("HEAD", "/api/tags"),
        Arguments.of("GET", "/api/ps"),
        Arguments.of("POST", "/api/generate"),
        Arguments.of("POST", "/api/chat"),
        Arguments.of("POST", "/api/embed"),
        Arguments.of("POST", "/api/embeddings"),
        Arguments.of("POST", "/api/show"),
        Arguments.of("POST", "/v1/chat/completions"),
        Arguments.of("POST", "/v1/completions"),
        Arguments.of("POST", "/v1/embeddings"),
        Arguments.of("GET", "/v1/models"),
        Arguments.of("GET", "/v1/models/llama3:latest"),
        Arguments.of("POST", "/v1/responses"),
        Arguments.of("POST", "/v1/messages"));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("userRoutes")
  void userKeysReachInferenceAndReadRoutes(String method, String path) {
    Verdict verdict = policy.judgeHead(USER_ALL, request(method, path));
    assertThat(verdict.allowed()).as(verdict.toString()).isTrue();
    assertThat(verdict.route().method()).isEqualTo(method);
    assertThat(policy.judgeHead(ADMIN_ALL, request(method, path)).allowed()).isTrue();
  }

  static Stream<Arguments> adminRoutes() {
    return Stream.of(
        Arguments.of("POST", "/api/pull"),
        Arguments.of("POST", "/api/push"),
        Arguments.of("POST", "/api/create"),
        Arguments.of("POST", "/api/copy"),
        Arguments.of("DELETE", "/api/delete"),
        Arguments.of("HEAD", "/api/blobs/" + DIGEST),
        Arguments.of("POST", "/api/blobs/" + DIGEST));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("adminRoutes")
  void modelManagementIsForAdminsOnly(String method, String path) {
    Verdict user = policy.judgeHead(USER_ALL, request(method, path));
    assertThat(user.allowed()).isFalse();
    assertThat(user.status()).isEqualTo(403);
    assertThat(user.rule()).isEqualTo("role-model-management");
    assertThat(policy.judgeHead(ADMIN_ALL, request(method, path)).allowed()).isTrue();
  }

  @Test
  void routesCarryBodyListingAndStreamingKinds() {
    assertThat(policy.judgeHead(USER_ALL, head("GET", "/api/tags")).route().listing())
        .isEqualTo(ListingKind.TAGS);
    assertThat(policy.judgeHead(USER_ALL, head("GET", "/api/ps")).route().listing())
        .isEqualTo(ListingKind.PS);
    assertThat(policy.judgeHead(USER_ALL, head("GET", "/v1/models")).route().listing())
        .isEqualTo(ListingKind.OPENAI_MODELS);
    assertThat(policy.judgeHead(USER_ALL, head("HEAD", "/api/tags")).route().listing())
        .isEqualTo(ListingKind.NONE);
    Route chat = policy.judgeHead(USER_ALL, request("POST", "/api/chat")).route();
    assertThat(chat.body()).isEqualTo(BodyKind.JSON);
    assertThat(chat.streams()).isTrue();
    assertThat(policy.judgeHead(USER_ALL, request("POST", "/api/embed")).route().streams())
        .isFalse();
    Route blob = policy.judgeHead(ADMIN_ALL, request("POST", "/api/blobs/" + DIGEST)).route();
    assertThat(blob.body()).isEqualTo(BodyKind.BLOB);
    assertThat(blob.pattern()).isEqualTo("/api/blobs/:digest");
    assertThat(policy.servedRoutes()).hasSize(26);
  }

  static Stream<Arguments> refusedRoutes() {
    return Stream.of(
        // Account and cloud routes: real, never forwarded by default.
        Arguments.of("POST", "/api/me", 403, "route-forbidden"),
        Arguments.of("POST", "/api/signout", 403, "route-forbidden"),
        Arguments.of("DELETE", "/api/user/keys/abc", 403, "route-forbidden"),
        Arguments.of("POST", "/api/experimental/web_search", 403, "route-forbidden"),
        Arguments.of("POST", "/api/experimental/web_fetch", 403, "route-forbidden"),
        Arguments.of("GET", "/api/experimental/model-recommendations", 403, "route-forbidden"),
        Arguments.of("GET", "/api/experimental/aliases", 403, "route-forbidden"),
        Arguments.of("GET", "/api/status", 403, "route-forbidden"),
        Arguments.of("POST", "/v1/audio/transcriptions", 403, "route-forbidden"),
        Arguments.of("POST", "/v1/images/generations", 403, "route-forbidden"),
        // Unknown paths, case variants and extra segments: gin matches exactly.
        Arguments.of("GET", "/debug/pprof/", 400, "path-unclean"),
        Arguments.of("GET", "/debug/pprof", 404, "route-unknown"),
        Arguments.of("POST", "/API/chat", 404, "route-unknown"),
        Arguments.of("POST", "/api/Chat", 404, "route-unknown"),
        Arguments.of("POST", "/api/signin", 404, "route-unknown"),
        Arguments.of("GET", "/v1/models/library/llama3", 404, "route-unknown"),
        Arguments.of("GET", "/api/blobs", 404, "route-unknown"),
        Arguments.of("POST", "/api/blobs/" + DIGEST + "/x", 404, "route-unknown"),
        Arguments.of("POST", "/v1/chat", 404, "route-unknown"),
        // Wrong methods.
        Arguments.of("GET", "/api/generate", 405, "route-method"),
        Arguments.of("POST", "/api/tags", 405, "route-method"),
        Arguments.of("HEAD", "/api/ps", 405, "route-method"),
        Arguments.of("GET", "/api/delete", 405, "route-method"),
        Arguments.of("POST", "/api/delete", 405, "route-method"),
        Arguments.of("OPTIONS", "/api/chat", 405, "route-method"),
        Arguments.of("get", "/api/tags", 405, "route-method"),
        Arguments.of("PUT", "/api/pull", 405, "route-method"),
        Arguments.of("TRACE", "/", 405, "route-method"),
        Arguments.of("DELETE", "/api/blobs/" + DIGEST, 405, "route-method"));
  }

  @ParameterizedTest(name = "{0} {1} -> {2} {3}")
  @MethodSource("refusedRoutes")
  void everythingElseIsRefused(String method, String path, int status, String rule) {
    Verdict verdict = policy.judgeHead(ADMIN_ALL, request(method, path));
    assertThat(verdict.allowed()).isFalse();
    assertThat(verdict.status()).isEqualTo(status);
    assertThat(verdict.rule()).isEqualTo(rule);
  }

  @Test
  void methodRefusalsKnowTheAllowHeaderGinWouldSend() {
    assertThat(policy.allowedMethods("/api/tags")).isEqualTo("HEAD, GET");
    assertThat(policy.allowedMethods("/api/generate")).isEqualTo("POST");
    assertThat(policy.allowedMethods("/api/blobs/" + DIGEST)).isEqualTo("HEAD, POST");
    assertThat(policy.allowedMethods("/api/delete")).isEqualTo("DELETE");
    assertThat(policy.allowedMethods("/api/me")).isEmpty();
    assertThat(policy.allowedMethods("/nope")).isEmpty();
    assertThat(policy.allowedMethods("/api/tags/")).isEmpty();
  }

  @Test
  void cloudRoutesOnlyWhenConfigured() {
    PolicySettings d = PolicySettings.defaults();
    OllamaPolicy cloud =
        new OllamaPolicy(
            new PolicySettings(
                d.registries(), d.origins(), d.hosts(), true, d.maxJsonBody(), d.maxBlobBody()));
    assertThat(cloud.judgeHead(USER_ALL, request("POST", "/api/experimental/web_search")).allowed())
        .isTrue();
    assertThat(cloud.judgeHead(ADMIN_ALL, request("POST", "/api/me")).rule())
        .isEqualTo("route-forbidden");
    assertThat(cloud.judgeHead(USER_ALL, request("GET", "/v1/models/kimi-k2:cloud")).allowed())
        .isTrue();
  }

  @Test
  void cloudModelsInTheModelPathAreRefused() {
    // Ollama 0.17.6 and later proxy these to ollama.com, signed with the server's key.
    for (String model : List.of("kimi-k2:cloud", "gpt-oss:120b-cloud", "llama3.2:CLOUD")) {
      Verdict v = policy.judgeHead(USER_ALL, request("GET", "/v1/models/" + model));
      assertThat(v.status()).as(model).isEqualTo(403);
      assertThat(v.rule()).as(model).isEqualTo("route-forbidden");
    }
    assertThat(policy.judgeHead(USER_ALL, request("GET", "/v1/models/llama3.2:local")).allowed())
        .isTrue();
  }

  static List<String> uncleanTargets() {
    return List.of(
        "/api/tags/",
        "//api/tags",
        "/api//tags",
        "/api/./tags",
        "/api/../api/tags",
        "/./api/tags",
        "/api/tags/.",
        "/api/tags/..",
        "/api/%74ags",
        "/api/tags%2f",
        "/%2e%2e/api/tags",
        "/api\\tags",
        "/api/tags;x=1",
        "/api/tags?x=1",
        "/api/tags?",
        "/api/tags#frag",
        "/api/tags\u0000",
        "/api/ta\tgs",
        "/api/ta gs",
        "/api/tägs",
        "http://127.0.0.1:11434/api/tags",
        "127.0.0.1:11434",
        "*",
        "",
        "api/tags",
        "/api/tags?key=sk-abc",
        "/v1/models/llama3%3Alatest",
        "/v1/models/llama3@sha256",
        "/" + "a".repeat(3000));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("uncleanTargets")
  void uncleanTargetsAreRefusedNotNormalised(String target) {
    Verdict verdict = policy.judgeHead(ADMIN_ALL, head("GET", target));
    assertThat(verdict.allowed()).isFalse();
    assertThat(verdict.status()).isEqualTo(400);
    assertThat(verdict.rule()).isEqualTo("path-unclean");
  }

  @Test
  void jsonBodiesNeedTheJsonContentType() {
    for (String type :
        List.of(
            "application/json",
            "application/json; charset=utf-8",
            "Application/JSON;charset=UTF-8",
            "application/json; charset=\"utf-8\"")) {
      Verdict verdict =
          policy.judgeHead(
              USER_ALL, head("POST", "/api/chat", "Content-Type", type, "Content-Length", "10"));
      assertThat(verdict.allowed()).as(type).isTrue();
    }
    for (String type :
        List.of(
            "text/plain",
            "text/plain;charset=UTF-8",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
            "application/json; charset=latin1",
            "application/json; boundary=x",
            "application/jsonx",
            "application/json-patch+json",
            "")) {
      Verdict verdict =
          policy.judgeHead(
              USER_ALL, head("POST", "/api/chat", "Content-Type", type, "Content-Length", "10"));
      assertThat(verdict.status()).as(type).isEqualTo(415);
      assertThat(verdict.rule()).isEqualTo("json-content-type");
    }
    // No Content-Type at all, or two of them.
    assertThat(
            policy.judgeHead(USER_ALL, head("POST", "/api/chat", "Content-Length", "10")).status())
        .isEqualTo(415);
    assertThat(
            policy
                .judgeHead(
                    USER_ALL,
                    head(
                        "POST",
                        "/api/chat",
                        "Content-Type",
                        "application/json",
                        "Content-Type",
                        "text/plain",
                        "Content-Length",
                        "10"))
                .status())
        .isEqualTo(415);
    // A body-less POST needs no type (Ollama answers "missing request body").
    assertThat(
            policy.judgeHead(USER_ALL, head("POST", "/api/chat", "Content-Length", "0")).allowed())
        .isTrue();
    // Without any length the body is not ruled out (HTTP/2 sends none): the type is needed.
    assertThat(policy.judgeHead(USER_ALL, head("POST", "/api/chat")).rule())
        .isEqualTo("json-content-type");
  }

  @Test
  void blobUploadsNeedABinaryOrJsonType() {
    String path = "/api/blobs/" + DIGEST;
    for (String type : List.of("application/octet-stream", "application/json")) {
      assertThat(
              policy
                  .judgeHead(
                      ADMIN_ALL, head("POST", path, "Content-Type", type, "Content-Length", "9"))
                  .allowed())
          .as(type)
          .isTrue();
    }
    for (String type : List.of("text/plain", "multipart/form-data; boundary=x", "image/png")) {
      assertThat(
              policy
                  .judgeHead(
                      ADMIN_ALL, head("POST", path, "Content-Type", type, "Content-Length", "9"))
                  .rule())
          .as(type)
          .isEqualTo("json-content-type");
    }
  }

  @Test
  void digestsInBlobPathsMustBeSha256Hex() {
    for (String digest :
        List.of(
            "sha256:0",
            "sha256-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "sha256:0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef",
            "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde",
            "sha512:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "..:etc:passwd",
            "sha256:..")) {
      Verdict verdict = policy.judgeHead(ADMIN_ALL, head("HEAD", "/api/blobs/" + digest));
      assertThat(verdict.allowed()).as(digest).isFalse();
      assertThat(verdict.rule()).as(digest).isEqualTo("manifest-digest-format");
    }
  }

  @Test
  void foreignOriginsAreRefusedEvenWithAValidKey() {
    for (String origin :
        List.of(
            "null", "http://evil.example", "http://localhost:3000", "", "chrome-extension://x")) {
      Verdict verdict = policy.judgeHead(ADMIN_ALL, head("GET", "/api/tags", "Origin", origin));
      assertThat(verdict.status()).as(origin).isEqualTo(403);
      assertThat(verdict.rule()).isEqualTo("host-origin-check");
    }
    PolicySettings d = PolicySettings.defaults();
    OllamaPolicy withOrigins =
        new OllamaPolicy(
            new PolicySettings(
                d.registries(),
                List.of("https://chat.example.com"),
                List.of(),
                false,
                d.maxJsonBody(),
                d.maxBlobBody()));
    assertThat(
            withOrigins
                .judgeHead(USER_ALL, head("GET", "/api/tags", "Origin", "https://chat.example.com"))
                .allowed())
        .isTrue();
    assertThat(
            withOrigins
                .judgeHead(
                    USER_ALL,
                    head(
                        "GET",
                        "/api/tags",
                        "Origin",
                        "https://chat.example.com",
                        "Origin",
                        "http://evil.example"))
                .allowed())
        .isFalse();
    assertThat(withOrigins.judgeHead(USER_ALL, head("GET", "/api/tags", "Origin", "null")).rule())
        .isEqualTo("host-origin-check");
  }

  @Test
  void hostIsCheckedWhenConfigured() {
    assertThat(
            policy
                .judgeHead(USER_ALL, head("GET", "/api/tags", "Host", "attacker.example:11434"))
                .allowed())
        .as("hosts empty = not checked")
        .isTrue();
    PolicySettings d = PolicySettings.defaults();
    OllamaPolicy withHosts =
        new OllamaPolicy(
            new PolicySettings(
                d.registries(),
                List.of(),
                List.of("llm.example.com", "10.0.0.5:8443", "[::1]"),
                false,
                d.maxJsonBody(),
                d.maxBlobBody()));
    assertThat(
            withHosts
                .judgeHead(USER_ALL, head("GET", "/api/tags", "Host", "LLM.example.com"))
                .allowed())
        .isTrue();
    for (String host :
        List.of("llm.example.com:8443", "llm.example.com:443", "10.0.0.5:8443", "[::1]:8080")) {
      assertThat(withHosts.judgeHead(USER_ALL, head("GET", "/api/tags", "Host", host)).allowed())
          .as(host)
          .isTrue();
    }
    for (String host :
        List.of(
            "attacker.example",
            "127.0.0.1:11434",
            "llm.example.com.evil",
            "10.0.0.5",
            "10.0.0.5:80",
            "llm.example.com:x",
            "llm.example.com:",
            "[::2]:8080")) {
      Verdict verdict = withHosts.judgeHead(USER_ALL, head("GET", "/api/tags", "Host", host));
      assertThat(verdict.status()).as(host).isEqualTo(403);
      assertThat(verdict.rule()).isEqualTo("host-origin-check");
    }
    assertThat(withHosts.judgeHead(USER_ALL, head("GET", "/api/tags")).allowed())
        .as("no Host at all")
        .isFalse();
  }

  /** A POST head with a body of {@code length} bytes of {@code type} and {@code coding} fields. */
  private static RequestHead encoded(String path, String type, String length, String... coding) {
    String[] headers = new String[coding.length + 4];
    headers[0] = "Content-Type";
    headers[1] = type;
    headers[2] = "Content-Length";
    headers[3] = length;
    System.arraycopy(coding, 0, headers, 4, coding.length);
    return head("POST", path, headers);
  }

  @Test
  void zstdBodiesAreTakenOnlyWhereOllamaDecodesThem() {
    String json = "application/json";
    for (String path :
        List.of(
            "/v1/chat/completions",
            "/v1/completions",
            "/v1/embeddings",
            "/v1/responses",
            "/v1/messages")) {
      Verdict verdict =
          policy.judgeHead(USER_ALL, encoded(path, json, "10", "Content-Encoding", "zstd"));
      assertThat(verdict.allowed()).as(path).isTrue();
      assertThat(verdict.route().takesZstd()).isTrue();
    }
    for (String path : List.of("/api/chat", "/api/generate", "/api/embed", "/api/create")) {
      Verdict verdict =
          policy.judgeHead(ADMIN_ALL, encoded(path, json, "10", "Content-Encoding", "zstd"));
      assertThat(verdict.status()).as(path).isEqualTo(400);
      assertThat(verdict.rule()).isEqualTo("http-ambiguous");
    }
    RequestHead blob =
        encoded(
            "/api/blobs/" + DIGEST, "application/octet-stream", "10", "Content-Encoding", "zstd");
    assertThat(policy.judgeHead(ADMIN_ALL, blob).rule()).isEqualTo("http-ambiguous");
    assertThat(
            policy
                .judgeHead(USER_ALL, head("GET", "/v1/models", "Content-Encoding", "zstd"))
                .rule())
        .isEqualTo("http-ambiguous");
    // The compressed size is what max_json_body bounds at the head.
    RequestHead huge = encoded("/v1/responses", json, "999999999", "Content-Encoding", "zstd");
    assertThat(policy.judgeHead(USER_ALL, huge).rule()).isEqualTo("body-too-large");
    for (String[] coding :
        List.of(
            new String[] {"Content-Encoding", "ZSTD"},
            new String[] {"Content-Encoding", "Zstd"},
            new String[] {"Content-Encoding", " zstd"},
            new String[] {"Content-Encoding", "zstd, identity"},
            new String[] {"Content-Encoding", "zstd,zstd"},
            new String[] {"Content-Encoding", "zstd", "Content-Encoding", "zstd"},
            new String[] {"Content-Encoding", "identity", "Content-Encoding", "zstd"},
            new String[] {"Content-Encoding", "gzip"},
            new String[] {"Content-Encoding", "x-zstd"})) {
      Verdict verdict = policy.judgeHead(USER_ALL, encoded("/v1/responses", json, "10", coding));
      assertThat(verdict.status()).as(String.join(" ", coding)).isEqualTo(400);
      assertThat(verdict.rule()).isEqualTo("http-ambiguous");
    }
  }

  @Test
  void ambiguousFramingIsRefused() {
    List<String[]> framings =
        List.of(
            new String[] {"Content-Length", "10", "Content-Length", "11"},
            new String[] {"Content-Length", "10, 10"},
            new String[] {"Content-Length", "+10"},
            new String[] {"Content-Length", "-1"},
            new String[] {"Content-Length", "0x10"},
            new String[] {"Content-Length", " 10"},
            new String[] {"Content-Length", "99999999999999999999"},
            new String[] {"Content-Length", "10", "Transfer-Encoding", "chunked"},
            new String[] {"Transfer-Encoding", "gzip, chunked"},
            new String[] {"Transfer-Encoding", "chunked, chunked"},
            new String[] {"Transfer-Encoding", "identity"},
            new String[] {"Transfer-Encoding", "chunked", "Transfer-Encoding", "chunked"},
            new String[] {"Transfer-Encoding", " chunked"},
            new String[] {"Content-Length", "10", "Content-Encoding", "gzip"},
            new String[] {"Content-Length", "10", "Host", "a", "Host", "b"});
    for (String[] framing : framings) {
      String[] headers = new String[framing.length + 2];
      headers[0] = "Content-Type";
      headers[1] = "application/json";
      System.arraycopy(framing, 0, headers, 2, framing.length);
      Verdict verdict = policy.judgeHead(USER_ALL, head("POST", "/api/chat", headers));
      assertThat(verdict.status()).as(String.join(" ", framing)).isEqualTo(400);
      assertThat(verdict.rule()).isEqualTo("http-ambiguous");
    }
    assertThat(
            policy
                .judgeHead(
                    USER_ALL,
                    head(
                        "POST",
                        "/api/chat",
                        "Content-Type",
                        "application/json",
                        "Transfer-Encoding",
                        "chunked"))
                .allowed())
        .isTrue();
  }

  @Test
  void bodiesOnBodylessRoutesAreRefused() {
    Verdict verdict =
        policy.judgeHead(
            USER_ALL,
            head("GET", "/api/tags", "Content-Type", "application/json", "Content-Length", "2"));
    assertThat(verdict.status()).isEqualTo(400);
    assertThat(verdict.rule()).isEqualTo("http-ambiguous");
    assertThat(
            policy
                .judgeHead(USER_ALL, head("GET", "/api/tags", "Transfer-Encoding", "chunked"))
                .rule())
        .isEqualTo("http-ambiguous");
    assertThat(
            policy.judgeHead(USER_ALL, head("GET", "/api/tags", "Content-Length", "0")).allowed())
        .isTrue();
  }

  @Test
  void oversizedBodiesAreRefusedFromTheHead() {
    PolicySettings d = PolicySettings.defaults();
    OllamaPolicy small =
        new OllamaPolicy(
            new PolicySettings(d.registries(), List.of(), List.of(), false, 100, 1000));
    Verdict json =
        small.judgeHead(
            USER_ALL,
            head("POST", "/api/chat", "Content-Type", "application/json", "Content-Length", "101"));
    assertThat(json.status()).isEqualTo(413);
    assertThat(json.rule()).isEqualTo("body-too-large");
    Verdict blob =
        small.judgeHead(
            ADMIN_ALL,
            head(
                "POST",
                "/api/blobs/" + DIGEST,
                "Content-Type",
                "application/octet-stream",
                "Content-Length",
                "1001"));
    assertThat(blob.status()).isEqualTo(413);
  }

  @Test
  void modelsInOpenAiPathsAreCanonicalisedAndAllowlisted() {
    Caller llama = Requests.caller(Role.USER, "llama3*");
    Verdict allowed = policy.judgeHead(llama, head("GET", "/v1/models/LLama3"));
    assertThat(allowed.allowed()).isTrue();
    assertThat(allowed.model()).isEqualTo("registry.ollama.ai/library/llama3:latest");
    Verdict denied = policy.judgeHead(llama, head("GET", "/v1/models/mistral:7b"));
    assertThat(denied.status()).isEqualTo(403);
    assertThat(denied.rule()).isEqualTo("model-not-allowed");
    assertThat(policy.judgeHead(llama, head("GET", "/v1/models/-bad")).rule())
        .isEqualTo("model-name-invalid");
  }

  @Test
  void judgingAHeadAllocatesAlmostNothing() {
    var threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    RequestHead chat =
        head(
            "POST",
            "/api/chat",
            "Host",
            "127.0.0.1:8080",
            "Authorization",
            "Bearer x",
            "Content-Type",
            "application/json; charset=utf-8",
            "Content-Length",
            "120",
            "User-Agent",
            "ollama-python/0.4.7");
    RequestHead tags = head("GET", "/api/tags", "Host", "127.0.0.1:8080");
    for (int i = 0; i < 20_000; i++) {
      policy.judgeHead(USER_ALL, chat);
      policy.judgeHead(USER_ALL, tags);
    }
    long id = Thread.currentThread().threadId();
    long before = threads.getThreadAllocatedBytes(id);
    int rounds = 10_000;
    int allowed = 0;
    for (int i = 0; i < rounds; i++) {
      allowed += policy.judgeHead(USER_ALL, chat).allowed() ? 1 : 0;
      allowed += policy.judgeHead(USER_ALL, tags).allowed() ? 1 : 0;
    }
    long perRequest = (threads.getThreadAllocatedBytes(id) - before) / (2L * rounds);
    assertThat(allowed).isEqualTo(2 * rounds);
    // Allowed verdicts are made once per route; what remains is one header iterator and the
    // handful of fields read from it (about 112 bytes on JDK 25).
    assertThat(perRequest).isLessThan(160);
  }
}
