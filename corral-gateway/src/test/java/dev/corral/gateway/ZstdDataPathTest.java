package dev.corral.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import dev.corral.gateway.audit.AuditEvent;
import dev.corral.gateway.config.Limits;
import dev.corral.lab.RawHttp;
import dev.corral.lab.wire.LabRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Request bodies sent with {@code Content-Encoding: zstd} (OpenAI Codex 0.98 and later, to {@code
 * /v1/responses}), through the real data path in front of the lab emulator: decoded, judged as
 * JSON, forwarded plain; everything else with a Content-Encoding stays refused.
 */
class ZstdDataPathTest {
  private static final String RESPONSES =
      "{\"model\":\"llama3.2\",\"input\":\"Why is the sky blue?\",\"stream\":false}";

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

  /** A streamed zstd frame, as Codex's encoder writes one (no content size in the header). */
  static byte[] zstd(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZstdOutputStreamNoFinalizer z = new ZstdOutputStreamNoFinalizer(out)) {
      z.setChecksum(true);
      z.write(data);
    }
    return out.toByteArray();
  }

  static byte[] zstd(String json) throws IOException {
    return zstd(json.getBytes(StandardCharsets.UTF_8));
  }

  /** One HTTP/1.1 request with a binary body, and its whole answer. */
  private String send(String path, byte[] body, String auth, String... fields) throws IOException {
    StringBuilder head = new StringBuilder("POST ").append(path).append(" HTTP/1.1\r\n");
    head.append("Host: gateway.test\r\n").append(auth).append("\r\n");
    head.append("Content-Type: application/json\r\n");
    for (String f : fields) {
      head.append(f).append("\r\n");
    }
    head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
    try (RawHttp http = new RawHttp(gw.address())) {
      http.sendOnly(head.toString());
      http.sendBytes(body);
      return http.readResponse(false);
    }
  }

  private void assertNothingHeld() throws InterruptedException {
    long deadline = System.nanoTime() + 2_000_000_000L;
    while (gw.bodyMemory.held() != 0 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(gw.bodyMemory.held()).isZero();
  }

  private static List<String> names(LabRequest r) {
    return r.headers().stream().map(Map.Entry::getKey).map(String::toLowerCase).toList();
  }

  @Test
  void aZstdResponsesBodyIsJudgedAndForwardedPlain() throws Exception {
    gw = new ProxyHarness();
    byte[] json = RESPONSES.getBytes(StandardCharsets.UTF_8);
    String response = send("/v1/responses", zstd(json), gw.auth(), "Content-Encoding: zstd");
    // The lab does not emulate /v1/responses: its own answer proves the request got there.
    assertThat(response).contains("this corral lab server does not emulate /v1/responses");
    assertThat(gw.upstream.requests).containsExactly("POST /v1/responses");
    LabRequest sent = gw.upstream.full.getFirst();
    assertThat(sent.body()).isEqualTo(json);
    assertThat(names(sent)).doesNotContain("content-encoding").contains("content-length");
    assertThat(sent.headers())
        .filteredOn(h -> h.getKey().equalsIgnoreCase("content-length"))
        .extracting(Map.Entry::getValue)
        .containsExactly(Integer.toString(json.length));
    AuditEvent e = gw.awaitEvents(1).getFirst();
    assertThat(e.allowed()).isTrue();
    assertThat(e.model()).isEqualTo("registry.ollama.ai/library/llama3.2:latest");
    assertNothingHeld();
  }

  @Test
  void everyZstdRouteOfOllamaTakesOneAndOthersDoNot() throws Exception {
    gw = new ProxyHarness();
    String chat = "{\"model\":\"llama3.2\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    String embed = "{\"model\":\"llama3.2\",\"input\":\"hi\"}";
    // A one-shot frame (content size in the header) too, and a body over the inline size.
    String big =
        "{\"model\":\"llama3.2\",\"stream\":false,\"messages\":[{\"role\":\"user\",\"content\":\""
            + "z".repeat(100_000)
            + "\"}]}";
    assertThat(
            send(
                "/v1/chat/completions",
                Zstd.compress(big.getBytes()),
                gw.auth(),
                "Content-Encoding: zstd"))
        .startsWith("HTTP/1.1 200 ");
    assertThat(send("/v1/embeddings", zstd(embed), gw.auth(), "Content-Encoding: zstd"))
        .startsWith("HTTP/1.1 200 ");
    assertThat(gw.upstream.full)
        .extracting(LabRequest::body)
        .containsExactly(
            big.getBytes(StandardCharsets.UTF_8), embed.getBytes(StandardCharsets.UTF_8));

    // Ollama's own routes read the bytes as they come: zstd there stays refused, as before.
    for (String path : List.of("/api/chat", "/api/generate", "/api/embed")) {
      assertThat(send(path, zstd(chat), gw.auth(), "Content-Encoding: zstd"))
          .as(path)
          .startsWith("HTTP/1.1 400 ")
          .contains("this route takes no Content-Encoding");
    }
    assertThat(gw.upstream.requests).hasSize(2);
    assertThat(gw.awaitEvents(5))
        .extracting(AuditEvent::rule)
        .containsExactly("allow", "allow", "http-ambiguous", "http-ambiguous", "http-ambiguous");
    assertNothingHeld();
  }

  @Test
  void theDecodedBodyIsJudgedLikeAPlainOne() throws Exception {
    gw = new ProxyHarness();
    String other = "{\"model\":\"qwen2.5:0.5b\",\"input\":\"hi\"}";
    String response =
        send(
            "/v1/responses",
            zstd(other),
            TestKeys.bearer(gw.keys.limited),
            "Content-Encoding: zstd");
    assertThat(response).startsWith("HTTP/1.1 403 ").contains("model-not-allowed");
    // The Content-Type is checked against the decoded body too.
    StringBuilder noType = new StringBuilder();
    byte[] body = zstd(RESPONSES);
    noType
        .append("POST /v1/responses HTTP/1.1\r\nHost: gateway.test\r\n")
        .append(gw.auth())
        .append("\r\nContent-Encoding: zstd\r\nContent-Length: ")
        .append(body.length)
        .append("\r\n\r\n");
    try (RawHttp http = new RawHttp(gw.address())) {
      http.sendOnly(noType.toString());
      http.sendBytes(body);
      assertThat(http.readResponse(false)).startsWith("HTTP/1.1 415 ");
    }
    assertThat(gw.upstream.requests).isEmpty();
    assertNothingHeld();
  }

  @Test
  void otherSpellingsAndEncodingsStayRefused() throws Exception {
    gw = new ProxyHarness();
    byte[] body = zstd(RESPONSES);
    List<String[]> refused =
        List.of(
            new String[] {"Content-Encoding: ZSTD"},
            new String[] {"Content-Encoding: zstd, identity"},
            new String[] {"Content-Encoding: identity, zstd"},
            new String[] {"Content-Encoding: zstd", "Content-Encoding: zstd"},
            new String[] {"Content-Encoding: zstd", "Content-Encoding: identity"},
            new String[] {"Content-Encoding: gzip"},
            new String[] {"Content-Encoding: br"});
    for (String[] fields : refused) {
      assertThat(send("/v1/responses", body, gw.auth(), fields))
          .as(String.join(" | ", fields))
          .startsWith("HTTP/1.1 400 ")
          .contains("http-ambiguous");
    }
    assertThat(gw.upstream.requests).isEmpty();
    assertNothingHeld();
  }

  @Test
  void aBombIsRefusedAt413AndACorruptFrameAt400() throws Exception {
    Limits d = Limits.defaults();
    Limits small =
        new Limits(
            64 << 10,
            d.maxBlobBody(),
            d.maxHeaderSize(),
            d.headerTimeout(),
            d.idleTimeout(),
            d.upstreamTimeout(),
            d.maxStreamsPerKey(),
            d.maxStreams(),
            d.maxConnections(),
            d.maxBodyMemory());
    gw = new ProxyHarness(ProxyHarness.persona(Duration.ofMillis(1)), small, null, 8);
    // 16 MiB of prompt in a few KiB: far over max_json_body (64 KiB) once decoded.
    String prompt = "a".repeat(16 << 20);
    byte[] bomb = zstd("{\"model\":\"llama3.2\",\"input\":\"" + prompt + "\"}");
    assertThat(bomb.length).isLessThan(4 << 10);
    assertThat(send("/v1/responses", bomb, gw.auth(), "Content-Encoding: zstd"))
        .startsWith("HTTP/1.1 413 ")
        .contains("body-too-large");

    byte[] corrupt = zstd(RESPONSES);
    corrupt[corrupt.length / 2] ^= 0x5a;
    byte[] trailing =
        (new String(zstd(RESPONSES), StandardCharsets.ISO_8859_1) + "{}")
            .getBytes(StandardCharsets.ISO_8859_1);
    for (byte[] bad : List.of(corrupt, trailing, RESPONSES.getBytes(StandardCharsets.UTF_8))) {
      assertThat(send("/v1/responses", bad, gw.auth(), "Content-Encoding: zstd"))
          .startsWith("HTTP/1.1 400 ")
          .contains("body-encoding");
    }
    assertThat(gw.upstream.requests).isEmpty();
    assertThat(gw.awaitEvents(4))
        .extracting(AuditEvent::rule)
        .containsExactly("body-too-large", "body-encoding", "body-encoding", "body-encoding");
    assertNothingHeld();
  }

  @Test
  void aZstdBodyOverHttp2IsForwardedPlain() throws Exception {
    gw = new ProxyHarness(ProxyHarness.persona(Duration.ofMillis(1)), Limits.defaults(), null, 8);
    // The first request upgrades the connection to h2c; the zstd body goes on an HTTP/2 stream.
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
    HttpResponse<String> first =
        client.send(
            HttpRequest.newBuilder(URI.create(gw.url() + "/api/version"))
                .header("Authorization", "Bearer " + gw.keys.user.key())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(first.statusCode()).isEqualTo(200);
    byte[] json =
        "{\"model\":\"llama3.2\",\"stream\":false,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"
            .getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> answer = postZstd(client, "/v1/chat/completions", json);
    assertThat(answer.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.body()).contains("\"choices\"");
    LabRequest sent = gw.upstream.full.getLast();
    assertThat(sent.target()).isEqualTo("/v1/chat/completions");
    assertThat(sent.body()).isEqualTo(json);
    assertThat(names(sent)).doesNotContain("content-encoding");

    // And a bad one is refused on its stream.
    HttpResponse<String> onChat = postZstd(client, "/api/chat", json);
    assertThat(onChat.statusCode()).isEqualTo(400);
    assertThat(gw.upstream.requests).hasSize(2);
    assertNothingHeld();
  }

  private HttpResponse<String> postZstd(HttpClient client, String path, byte[] json)
      throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(URI.create(gw.url() + path))
            .timeout(Duration.ofSeconds(10))
            .header("Authorization", "Bearer " + gw.keys.user.key())
            .header("Content-Type", "application/json")
            .header("Content-Encoding", "zstd")
            .POST(HttpRequest.BodyPublishers.ofByteArray(zstd(json)))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
