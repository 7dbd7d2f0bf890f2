package dev.corral.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.gateway.audit.AuditEvent;
import dev.corral.gateway.config.AuditSettings;
import dev.corral.gateway.config.Endpoint;
import dev.corral.gateway.config.GatewayConfig;
import dev.corral.gateway.config.UpstreamUrl;
import dev.corral.gateway.limit.LocalLimiter;
import dev.corral.gateway.policy.OllamaPolicy;
import dev.corral.lab.Emulator;
import dev.corral.lab.RawHttp;
import dev.corral.lab.server.LabServer;
import io.netty.channel.EventLoopGroup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole gateway from its config, with the real policy, in front of the lab. */
class GatewayTest {
  @TempDir Path dir;
  private TestKeys keys;
  private String auth;
  private final EventLoopGroup labGroup = dev.corral.lab.server.Transports.newGroup(1);
  private RecordingEmulator upstream;
  private LabServer lab;
  private Gateway gateway;
  private final List<AuditEvent> stored = new CopyOnWriteArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    upstream =
        new RecordingEmulator(
            Emulator.of(ProxyHarness.persona(Duration.ofMillis(5)), Clock.systemUTC()));
    lab =
        LabServer.start(
            upstream,
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            labGroup,
            Clock.systemUTC());
    keys = TestKeys.create();
    auth = TestKeys.bearer(keys.user);
    gateway =
        inFrontOf(
            lab,
            keys,
            GatewayConfig.defaults()
                .withAudit(new AuditSettings(dir.resolve("audit.jsonl").toString(), false, false)),
            stored);
  }

  /**
   * The whole gateway on ephemeral loopback ports in front of {@code lab}: {@code settings} with
   * its addresses filled in, the key ring of {@code keys}, the real policy, a cap of 8 streams, and
   * every audit event added to {@code into}.
   */
  static Gateway inFrontOf(
      LabServer lab, TestKeys keys, GatewayConfig settings, List<AuditEvent> into) {
    GatewayConfig config =
        settings
            .withListen(new Endpoint("127.0.0.1", 0))
            .withAdminListen(new Endpoint("127.0.0.1", 0))
            .withUpstream(UpstreamUrl.parse("http://127.0.0.1:" + lab.address().getPort()));
    return Gateway.start(
        config,
        new GatewayParts(
            keys.ring,
            new LocalLimiter(0, 8),
            new OllamaPolicy(config.policy()),
            List.of(new CollectingAuditSink(into)),
            List.of()),
        Duration.ofSeconds(5));
  }

  @AfterEach
  void stop() {
    gateway.close();
    keys.close();
    lab.close();
    labGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @AfterAll
  static void noLeaks() {
    assertThat(LeakRecorder.collect()).isEmpty();
  }

  private String send(String request) throws Exception {
    return RawHttp.exchange(gateway.address(), request);
  }

  private HttpResponse<String> admin(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + gateway.adminAddress().getPort() + path))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theRealPolicyDecidesAndRefusedRequestsNeverReachTheUpstream() throws Exception {
    assertThat(send(DataPathTest.request("GET", "/api/version", null, auth)))
        .startsWith("HTTP/1.1 200 ");
    assertThat(
            send(
                DataPathTest.request(
                    "POST", "/api/pull", "{\"model\":\"evil.example/x/y\"}", auth)))
        .startsWith("HTTP/1.1 403 ");
    assertThat(send(DataPathTest.request("GET", "/api/me", null, auth))).startsWith("HTTP/1.1 40");
    assertThat(
            send(
                DataPathTest.request(
                    "POST", "/api/chat", "{\"model\":\"a\",\"model\":\"b\"}", auth)))
        .startsWith("HTTP/1.1 400 ");
    assertThat(send(DataPathTest.request("GET", "/api/tags", null, auth, "Origin: null")))
        .startsWith("HTTP/1.1 403 ");
    assertThat(upstream.requests).containsExactly("GET /api/version");
  }

  @Test
  void listingsShowOnlyWhatTheKeyMayUse() throws Exception {
    String all = send(DataPathTest.request("GET", "/api/tags", null, auth));
    assertThat(all).contains("qwen2.5").contains("llama3.2");
    String limited =
        send(DataPathTest.request("GET", "/api/tags", null, TestKeys.bearer(keys.limited)));
    assertThat(limited).startsWith("HTTP/1.1 200 ").contains("llama3.2").doesNotContain("qwen2.5");
  }

  @Test
  void metricsHealthAndReadiness() throws Exception {
    String generate = "{\"model\":\"llama3.2\",\"prompt\":\"hi\"}";
    assertThat(send(DataPathTest.request("POST", "/api/generate", generate, auth)))
        .startsWith("HTTP/1.1 200 ");
    assertThat(send(DataPathTest.request("GET", "/api/tags", null))).startsWith("HTTP/1.1 401 ");
    for (int i = 0; i < 3; i++) {
      send(DataPathTest.request("GET", "/random/" + i, null, auth));
    }
    Thread.sleep(100);
    HttpResponse<String> metrics = admin("/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body())
        .contains("corral_gateway_requests_total{route=\"/api/generate\",status=\"200\"} 1.0")
        .contains("corral_gateway_decisions_total{allowed=\"false\",rule=\"auth-required\"} 1.0")
        .contains("corral_gateway_requests_total{route=\"other\",status=\"404\"} 3.0")
        .contains("corral_gateway_requests_total{route=\"/api/tags\",status=\"401\"} 1.0")
        .contains(
            "corral_gateway_tokens_total{key_id=\""
                + keys.user.id()
                + "\",kind=\"eval\",model=\"registry.ollama.ai/library/llama3.2:latest\"}")
        .contains("corral_gateway_upstream_latency_seconds_bucket")
        .contains("corral_gateway_active_streams 0.0");
    assertThat(admin("/healthz").statusCode()).isEqualTo(200);
    assertThat(admin("/readyz").statusCode()).isEqualTo(200);
    assertThat(admin("/nothing").statusCode()).isEqualTo(404);
    lab.close();
    assertThat(admin("/readyz").statusCode()).isEqualTo(503);
  }

  @Test
  void http2RequestsMeetTheSamePolicy() throws Exception {
    HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
    String base = "http://127.0.0.1:" + gateway.address().getPort();
    HttpRequest version =
        HttpRequest.newBuilder(URI.create(base + "/api/version"))
            .header("Authorization", "Bearer " + keys.user.key())
            .build();
    assertThat(h2.send(version, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    HttpResponse<String> second = h2.send(version, HttpResponse.BodyHandlers.ofString());
    assertThat(second.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(second.statusCode()).isEqualTo(200);
    HttpResponse<String> pull =
        h2.send(
            HttpRequest.newBuilder(URI.create(base + "/api/pull"))
                .header("Authorization", "Bearer " + keys.user.key())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"evil.example/x/y\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(pull.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(pull.statusCode()).isEqualTo(403);
    HttpResponse<String> tags =
        h2.send(
            HttpRequest.newBuilder(URI.create(base + "/api/tags"))
                .header("Authorization", "Bearer " + keys.limited.key())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(tags.body()).contains("llama3.2").doesNotContain("qwen2.5");
    assertThat(upstream.requests)
        .containsExactly("GET /api/version", "GET /api/version", "GET /api/tags");
  }

  @Test
  void anHttp2RefusalSentBeforeTheBodyReachesTheClient() throws Exception {
    // The body comes only after the refusal at the head (a user key may not pull): the stream is
    // then reset with NO_ERROR (RFC 9113 8.1), and the client keeps the 403 instead of failing.
    HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
    String base = "http://127.0.0.1:" + gateway.address().getPort();
    java.util.function.Supplier<java.io.InputStream> late =
        () ->
            new java.io.InputStream() {
              private final java.io.InputStream body =
                  new java.io.ByteArrayInputStream("{\"model\":\"llama3.2\"}".getBytes());
              private boolean waited;

              @Override
              public int read() throws java.io.IOException {
                if (!waited) {
                  waited = true;
                  try {
                    Thread.sleep(500);
                  } catch (InterruptedException e) {
                    throw new java.io.InterruptedIOException();
                  }
                }
                return body.read();
              }
            };
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> pull =
          h2.send(
              HttpRequest.newBuilder(URI.create(base + "/api/pull"))
                  .header("Authorization", "Bearer " + keys.user.key())
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofInputStream(late))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(pull.version()).isEqualTo(HttpClient.Version.HTTP_2);
      assertThat(pull.statusCode()).isEqualTo(403);
    }
    assertThat(upstream.requests).isEmpty();
  }

  @Test
  void closingLetsAStreamInFlightFinish() throws Exception {
    String generate = "{\"model\":\"llama3.2\",\"prompt\":\"Why is the sky blue?\"}";
    StringBuilder body = new StringBuilder();
    try (RawHttp http = new RawHttp(gateway.address())) {
      http.sendOnly(DataPathTest.request("POST", "/api/generate", generate, auth));
      assertThat(http.readHead()).startsWith("HTTP/1.1 200 ");
      body.append(http.readChunk());
      Thread closer = new Thread(gateway::close);
      closer.start();
      String chunk;
      while ((chunk = http.readChunk()) != null) {
        body.append(chunk);
      }
      closer.join(10_000);
    }
    assertThat(body.toString().strip().lines().toList().getLast()).contains("\"done\":true");
    assertThat(Files.readAllLines(dir.resolve("audit.jsonl"))).hasSize(1);
  }

  /** A small well-formed GGUF file: two metadata entries, one F32 tensor of 32 values. */
  static byte[] gguf(int declaredValues) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.util.function.LongConsumer u32 =
        v -> {
          for (int i = 0; i < 4; i++) {
            out.write((int) (v >>> (8 * i)) & 0xff);
          }
        };
    java.util.function.LongConsumer u64 =
        v -> {
          for (int i = 0; i < 8; i++) {
            out.write((int) (v >>> (8 * i)) & 0xff);
          }
        };
    java.util.function.Consumer<String> string =
        text -> {
          byte[] b = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
          u64.accept(b.length);
          out.writeBytes(b);
        };
    out.writeBytes("GGUF".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    u32.accept(3);
    u64.accept(1);
    u64.accept(2);
    string.accept("general.architecture");
    u32.accept(8);
    string.accept("llama");
    string.accept("general.alignment");
    u32.accept(4);
    u32.accept(32);
    string.accept("t");
    u32.accept(1);
    u64.accept(declaredValues);
    u32.accept(0);
    u64.accept(0);
    while (out.size() % 32 != 0) {
      out.write(0);
    }
    for (int i = 0; i < 32 * 4; i++) {
      out.write(i);
    }
    return out.toByteArray();
  }

  private static String digest(byte[] body) throws Exception {
    return "sha256:"
        + java.util.HexFormat.of()
            .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(body));
  }

  private byte[] upload(String digest, byte[] body, boolean chunked, int cut) {
    String head =
        "POST /api/blobs/"
            + digest
            + " HTTP/1.1\r\nHost: g\r\nAuthorization: Bearer "
            + keys.admin.key()
            + "\r\nContent-Type: application/octet-stream\r\n"
            + (chunked ? "Transfer-Encoding: chunked" : "Content-Length: " + body.length)
            + "\r\n\r\n";
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    out.writeBytes(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    if (!chunked) {
      out.writeBytes(body);
      return out.toByteArray();
    }
    int sent = Math.min(cut, body.length);
    for (int at = 0; at < sent; at += 40) {
      int n = Math.min(40, sent - at);
      out.writeBytes(
          (Integer.toHexString(n) + "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      out.write(body, at, n);
      out.writeBytes("\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
    out.writeBytes("0\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  private String sendBytes(byte[] request) throws Exception {
    try (RawHttp http = new RawHttp(gateway.address())) {
      http.sendBytes(request);
      return http.readResponse(false);
    }
  }

  @Test
  void blobUploadsReachOllamaOnlyWhenTheGgufInspectorAccepts() throws Exception {
    byte[] good = gguf(32);
    String goodDigest = digest(good);
    assertThat(sendBytes(upload(goodDigest, good, false, 0))).startsWith("HTTP/1.1 201 ");
    // Ollama answers 200 for a blob it already has.
    assertThat(sendBytes(upload(goodDigest, good, true, Integer.MAX_VALUE)))
        .startsWith("HTTP/1.1 200 ");
    assertThat(upstream.full).hasSize(2);
    assertThat(upstream.full).allSatisfy(r -> assertThat(r.body()).isEqualTo(good));

    // A tensor declaring far more data than the upload holds (Bleeding Llama).
    byte[] bleeding = gguf(1_000_000);
    assertThat(sendBytes(upload(digest(bleeding), bleeding, false, 0))).startsWith("HTTP/1.1 400 ");
    // A chunked upload that stops before the tensor data: the final chunk never goes upstream.
    assertThat(sendBytes(upload(goodDigest, good, true, good.length - 64)))
        .startsWith("HTTP/1.1 400 ");
    Thread.sleep(100);
    assertThat(upstream.full).hasSize(2);
  }

  @Test
  void closingFlushesEveryAuditRecord() throws Exception {
    for (int i = 0; i < 50; i++) {
      send(DataPathTest.request("GET", "/api/version", null, i % 2 == 0 ? auth : "X-No: key"));
    }
    gateway.close();
    List<String> lines = Files.readAllLines(dir.resolve("audit.jsonl"));
    assertThat(lines).hasSize(50);
    assertThat(String.join("\n", lines)).doesNotContain(keys.user.key());
    assertThat(stored).hasSize(50);
  }
}
