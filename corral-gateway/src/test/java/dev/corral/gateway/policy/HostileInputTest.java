package dev.corral.gateway.policy;

import static dev.corral.gateway.policy.Requests.ADMIN_ALL;
import static dev.corral.gateway.policy.Requests.DIGEST;
import static dev.corral.gateway.policy.Requests.USER_ALL;
import static dev.corral.gateway.policy.Requests.head;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Mutated and random input through every entry point: the policy must always answer with a verdict
 * (never throw), and a mutated request is either refused or still names an allowed model.
 */
class HostileInputTest {

  private final OllamaPolicy policy = new OllamaPolicy(PolicySettings.defaults());
  private final Random random = new Random(20261127);

  private static final String SYNTAX = "{}[]\":,\\u ";

  private static final List<String> SEEDS =
      List.of(
          "{\"model\":\"llama3\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\",\"images\":"
              + "[\"iVBORw0KGgo=\"]}],\"options\":{\"temperature\":0.5}}",
          "{\"model\":\"llama3\",\"modelfile\":\"FROM llama3\\nADAPTER @" + DIGEST + "\"}",
          "{\"model\":\"x\",\"files\":{\"m.gguf\":\"" + DIGEST + "\"},\"from\":\"llama3\"}",
          "{\"source\":\"llama3\",\"destination\":\"llama3-b\"}",
          "{\"model\":\"llama3\",\"input\":[{\"content\":[{\"type\":\"input_image\","
              + "\"image_url\":\"data:;base64,AAAA\"}]}]}");

  @Test
  void mutatedBodiesAlwaysGetAVerdictAndNeverLeakAModel() {
    Caller llama = Requests.caller(Role.ADMIN, "llama3*");
    List<String> paths =
        List.of("/api/chat", "/api/create", "/api/copy", "/v1/responses", "/api/generate");
    for (int round = 0; round < 20_000; round++) {
      byte[] body = SEEDS.get(round % SEEDS.size()).getBytes(StandardCharsets.UTF_8);
      int edits = 1 + random.nextInt(4);
      for (int e = 0; e < edits; e++) {
        int at = random.nextInt(body.length);
        switch (random.nextInt(3)) {
          case 0 -> body[at] = (byte) random.nextInt(256);
          case 1 -> body = java.util.Arrays.copyOf(body, at);
          default -> body[at] = (byte) SYNTAX.charAt(random.nextInt(SYNTAX.length()));
        }
        if (body.length == 0) {
          break;
        }
      }
      String path = paths.get(random.nextInt(paths.size()));
      Verdict verdict = Requests.judge(policy, llama, "POST", path, body);
      assertThat(verdict).isNotNull();
      if (verdict.allowed() && verdict.model() != null) {
        assertThat(verdict.model()).startsWith("registry.ollama.ai/library/llama3");
      }
    }
  }

  @Test
  void randomTargetsAndHeadersAlwaysGetAVerdict() {
    String alphabet = "/aApi.:%?#;\\-_ 0\u0000\u00e9";
    for (int round = 0; round < 20_000; round++) {
      StringBuilder target = new StringBuilder();
      int n = random.nextInt(24);
      for (int i = 0; i < n; i++) {
        target.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String[] methods = {"GET", "POST", "HEAD", "DELETE", "", "G\u00c9T"};
      Verdict verdict =
          policy.judgeHead(
              ADMIN_ALL,
              head(
                  methods[random.nextInt(methods.length)],
                  target.toString(),
                  "Content-Length",
                  Integer.toString(random.nextInt(3) - 1),
                  "Content-Type",
                  random.nextBoolean() ? "application/json" : "application/json;;"));
      assertThat(verdict).isNotNull();
      if (verdict.allowed()) {
        assertThat(TargetCheck.problem(target.toString())).isNull();
      }
    }
  }

  @Test
  void randomBlobsAreRefusedWithoutThrowing() {
    for (int round = 0; round < 2_000; round++) {
      byte[] bytes = new byte[random.nextInt(512)];
      random.nextBytes(bytes);
      if (bytes.length >= 4 && random.nextBoolean()) {
        bytes[0] = 'G';
        bytes[1] = 'G';
        bytes[2] = 'U';
        bytes[3] = 'F';
      }
      if (bytes.length >= 8 && random.nextBoolean()) {
        bytes[4] = 3;
        bytes[5] = 0;
        bytes[6] = 0;
        bytes[7] = 0;
      }
      BlobInspector inspector =
          policy.inspectBlob(ADMIN_ALL, head("POST", "/api/blobs/" + DIGEST), bytes.length);
      BlobInspector.Progress progress = inspector.feed(Unpooled.wrappedBuffer(bytes));
      Verdict verdict =
          progress == BlobInspector.Progress.REFUSED ? inspector.refusal() : inspector.endOfBody();
      assertThat(progress).isNotEqualTo(BlobInspector.Progress.ACCEPTED);
      assertThat(verdict.rule()).isEqualTo("blob-gguf-validation");
    }
  }

  @Test
  void hugeFlatBodiesAreRefusedBeforeATreeIsBuilt() {
    // 32 MiB of "0," would be 16 million nodes; a body over the value cap is refused, one at the
    // cap (a long deprecated context array, say) is judged.
    int cap = dev.corral.gateway.policy.json.StrictJson.MAX_VALUES;
    String over = "{\"model\":\"llama3\",\"context\":[" + "0,".repeat(cap) + "0]}";
    Verdict refused = Requests.judge(policy, USER_ALL, "POST", "/api/generate", utf8(over));
    assertThat(refused.rule()).isEqualTo("json-ambiguous");
    assertThat(refused.message()).contains("values");
    String at = "{\"model\":\"llama3\",\"context\":[" + "0,".repeat(cap - 3) + "0]}";
    assertThat(Requests.judge(policy, USER_ALL, "POST", "/api/generate", utf8(at)).allowed())
        .isTrue();
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void nullsAndDeepListingsDoNotThrow() {
    assertThat(policy.judgeBody(USER_ALL, head("POST", "/api/chat"), null, new byte[0]).allowed())
        .isFalse();
    Route tags = policy.judgeHead(USER_ALL, head("GET", "/api/tags")).route();
    String deep = "{\"models\":[" + "[".repeat(9_000) + "]".repeat(9_000) + "]}";
    byte[] filtered =
        policy.filterListing(
            Requests.caller(Role.USER, "llama3"), tags, deep.getBytes(StandardCharsets.UTF_8));
    assertThat(new String(filtered, StandardCharsets.UTF_8)).doesNotContain("[[");
  }
}
