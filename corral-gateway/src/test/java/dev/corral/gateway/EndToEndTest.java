package dev.corral.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.gateway.auth.IssuedKey;
import dev.corral.gateway.auth.KeyAdmin;
import dev.corral.gateway.auth.KeySpec;
import dev.corral.gateway.config.AuditSettings;
import dev.corral.gateway.config.Endpoint;
import dev.corral.gateway.config.GatewayConfig;
import dev.corral.gateway.config.UpstreamUrl;
import dev.corral.gateway.policy.Role;
import dev.corral.lab.Emulator;
import dev.corral.lab.RawHttp;
import dev.corral.lab.server.LabServer;
import dev.corral.store.Store;
import io.netty.channel.EventLoopGroup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Everything real: keys made in an SQLite store, the gateway built by {@link GatewayAssembly} (key
 * ring, Ollama policy, local limiter, store and JSON-lines audit), the lab as upstream.
 */
class EndToEndTest {
  private static final String GENERATE =
      "{\"model\":\"llama3.2\",\"prompt\":\"Why is the sky blue? Answer at length.\"}";

  @TempDir Path dir;
  private final EventLoopGroup labGroup = dev.corral.lab.server.Transports.newGroup(1);
  private RecordingEmulator upstream;
  private LabServer lab;
  private Store admin;
  private Gateway gateway;
  private String db;

  @BeforeEach
  void start() {
    upstream =
        new RecordingEmulator(
            Emulator.of(ProxyHarness.persona(Duration.ofMillis(40)), Clock.systemUTC()));
    lab =
        LabServer.start(
            upstream,
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            labGroup,
            Clock.systemUTC());
    db = dir.resolve("corral.db").toString();
    admin = Store.open(db);
  }

  private IssuedKey key(String name, List<String> models, int rpm) {
    return new KeyAdmin(admin).create(new KeySpec(name, Role.USER, models, rpm, 0, null));
  }

  private void startGateway() {
    startGateway(null);
  }

  private void startGateway(Endpoint adminListen) {
    GatewayConfig config =
        GatewayConfig.defaults()
            .withListen(new Endpoint("127.0.0.1", 0))
            .withAdminListen(adminListen)
            .withDb(db)
            .withUpstream(UpstreamUrl.parse("http://127.0.0.1:" + lab.address().getPort()))
            .withAudit(new AuditSettings(dir.resolve("audit.jsonl").toString(), true, false));
    gateway = Gateway.start(config, "unused");
  }

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
    admin.close();
    lab.close();
    labGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @AfterAll
  static void noLeaks() {
    assertThat(LeakRecorder.collect()).isEmpty();
  }

  private static String auth(IssuedKey key) {
    return "Authorization: Bearer " + key.key();
  }

  private String send(String request) throws Exception {
    return RawHttp.exchange(gateway.address(), request);
  }

  @Test
  void anAllowedGenerationStreamsLineByLineAndIsAuditedEverywhere() throws Exception {
    IssuedKey alice = key("alice", List.of("llama3.2"), 0);
    startGateway();
    List<Long> arrivals = new ArrayList<>();
    StringBuilder body = new StringBuilder();
    try (RawHttp http = new RawHttp(gateway.address())) {
      long start = System.nanoTime();
      http.sendOnly(DataPathTest.request("POST", "/api/generate", GENERATE, auth(alice)));
      assertThat(http.readHead()).startsWith("HTTP/1.1 200 ");
      String chunk;
      while ((chunk = http.readChunk()) != null) {
        arrivals.add((System.nanoTime() - start) / 1_000_000);
        body.append(chunk);
      }
    }
    assertThat(arrivals).hasSizeGreaterThan(3);
    // Chunks kept arriving while the lab was still generating (40 ms a token).
    assertThat(arrivals.getLast() - arrivals.getFirst()).isGreaterThan(80);
    assertThat(body.toString().strip().lines().toList().getLast()).contains("\"done\":true");
    gateway.close();
    List<String> lines = Files.readAllLines(dir.resolve("audit.jsonl"));
    assertThat(lines).hasSize(1);
    assertThat(lines.getFirst())
        .contains("\"key_id\":\"" + alice.id() + "\"")
        .contains("\"route\":\"/api/generate\"")
        .contains("\"allowed\":true")
        .doesNotContain(alice.key())
        .doesNotContain("sky");
    try (Store check = Store.open(db)) {
      assertThat(check.audit().count()).isEqualTo(1);
    }
  }

  @Test
  void aRevokedKeyStopsWorkingWithinASecond() throws Exception {
    IssuedKey bob = key("bob", List.of("*"), 0);
    startGateway();
    String version = DataPathTest.request("GET", "/api/version", null, auth(bob));
    assertThat(send(version)).startsWith("HTTP/1.1 200 ");
    assertThat(new KeyAdmin(admin).revoke(bob.id())).isTrue();
    long revoked = System.nanoTime();
    String answer = send(version);
    while (answer.startsWith("HTTP/1.1 200 ") && System.nanoTime() - revoked < 3_000_000_000L) {
      Thread.sleep(20);
      answer = send(version);
    }
    assertThat(answer).startsWith("HTTP/1.1 401 ");
    assertThat((System.nanoTime() - revoked) / 1_000_000).isLessThan(1_000);
  }

  @Test
  void aRevocationAppliesOnAConnectionThatAlreadyUsedTheKey() throws Exception {
    // A connection remembers its key's hash (KeyMemo), never the verdict.
    IssuedKey dora = key("dora", List.of("*"), 0);
    IssuedKey eve = key("eve", List.of("*"), 0);
    startGateway();
    try (RawHttp connection = new RawHttp(gateway.address())) {
      String asDora = DataPathTest.request("GET", "/api/version", null, auth(dora));
      String asEve = DataPathTest.request("GET", "/api/version", null, auth(eve));
      assertThat(connection.send(asDora)).startsWith("HTTP/1.1 200 ");
      assertThat(connection.send(asEve)).startsWith("HTTP/1.1 200 ");
      assertThat(connection.send(asDora)).startsWith("HTTP/1.1 200 ");
      assertThat(new KeyAdmin(admin).revoke(dora.id())).isTrue();
      long revoked = System.nanoTime();
      String answer = connection.send(asDora);
      while (answer.startsWith("HTTP/1.1 200 ") && System.nanoTime() - revoked < 3_000_000_000L) {
        Thread.sleep(20);
        answer = connection.send(asDora);
      }
      assertThat(answer).startsWith("HTTP/1.1 401 ").contains("has been revoked");
      assertThat(connection.send(asEve))
          .as("the other key still works")
          .startsWith("HTTP/1.1 200 ");
    }
  }

  @Test
  void modelsOutsideTheAllowlistAndUnknownRoutesNeverReachTheUpstream() throws Exception {
    IssuedKey carol = key("carol", List.of("llama3.2"), 0);
    startGateway();
    assertThat(
            send(
                DataPathTest.request(
                    "POST",
                    "/api/generate",
                    "{\"model\":\"qwen2.5:0.5b\",\"prompt\":\"hi\"}",
                    auth(carol))))
        .startsWith("HTTP/1.1 403 ");
    assertThat(
            send(
                DataPathTest.request(
                    "DELETE", "/api/delete", "{\"model\":\"llama3.2\"}", auth(carol))))
        .startsWith("HTTP/1.1 403 ");
    assertThat(send(DataPathTest.request("GET", "/api/tags?key=" + carol.key(), null)))
        .startsWith("HTTP/1.1 401 ");
    String tags = send(DataPathTest.request("GET", "/api/tags", null, auth(carol)));
    assertThat(tags).startsWith("HTTP/1.1 200 ").contains("llama3.2").doesNotContain("qwen2.5");
    assertThat(upstream.requests).containsExactly("GET /api/tags");
    assertThat(send(DataPathTest.request("GET", "/api/" + carol.key(), null)))
        .startsWith("HTTP/1.1 401 ");
    assertThat(send(DataPathTest.request("PUT", "/api/tags", null, auth(carol))))
        .startsWith("HTTP/1.1 405 ")
        .containsIgnoringCase("allow: ");
    gateway.close();
    String audit = Files.readString(dir.resolve("audit.jsonl"));
    assertThat(audit).doesNotContain(carol.key()).contains("\"route\":\"(withheld)\"");
  }

  @Test
  void perKeyRateLimitsAnswer429WithRetryAfter() throws Exception {
    IssuedKey dave = key("dave", List.of("*"), 2);
    startGateway();
    String version = DataPathTest.request("GET", "/api/version", null, auth(dave));
    List<String> answers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      answers.add(send(version));
    }
    assertThat(answers.getLast()).startsWith("HTTP/1.1 429 ").containsIgnoringCase("retry-after: ");
    assertThat(upstream.requests.size()).isLessThan(4);
  }

  @Test
  void metricsTellRateFromQuotaRefusalsAndShowThePartsOwnCounters() throws Exception {
    IssuedKey fast = key("fast", List.of("*"), 1);
    IssuedKey thrifty =
        new KeyAdmin(admin).create(new KeySpec("thrifty", Role.USER, List.of("*"), 0, 1, null));
    startGateway(new Endpoint("127.0.0.1", 0));
    String version = DataPathTest.request("GET", "/api/version", null, auth(fast));
    assertThat(send(version)).startsWith("HTTP/1.1 200 ");
    assertThat(send(version)).startsWith("HTTP/1.1 429 ").contains("too many requests");
    String generate =
        DataPathTest.request(
            "POST",
            "/api/generate",
            "{\"model\":\"llama3.2\",\"prompt\":\"hi\",\"stream\":false}",
            auth(thrifty));
    assertThat(send(generate)).startsWith("HTTP/1.1 200 ");
    assertThat(send(generate))
        .startsWith("HTTP/1.1 429 ")
        .containsIgnoringCase("retry-after: ")
        .contains("tokens for today");
    Thread.sleep(100);
    java.net.http.HttpResponse<String> metrics =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(
                            "http://127.0.0.1:" + gateway.adminAddress().getPort() + "/metrics"))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(metrics.body())
        .contains("corral_gateway_decisions_total{allowed=\"false\",rule=\"rate-limit\"} 1.0")
        .contains("corral_gateway_decisions_total{allowed=\"false\",rule=\"token-quota\"} 1.0")
        .contains("corral_gateway_audit_store_dropped_total 0.0")
        .contains("corral_gateway_audit_store_failed_total 0.0")
        .contains("corral_gateway_audit_store_queued ")
        .contains("corral_gateway_audit_jsonl_dropped_total 0.0")
        .contains("corral_gateway_key_refresh_failures_total 0.0")
        .contains("corral_gateway_keys_live 2.0")
        .contains("corral_gateway_limiter_active_streams 0.0")
        .contains("corral_gateway_connections_open ")
        .contains("corral_gateway_connections_refused_total 0.0");
    assertThat(upstream.requests).containsExactly("GET /api/version", "POST /api/generate");
  }

  @Test
  void theClientGoingAwayStopsTheGeneration() throws Exception {
    IssuedKey erin = key("erin", List.of("*"), 0);
    startGateway();
    try (RawHttp http = new RawHttp(gateway.address())) {
      http.sendOnly(DataPathTest.request("POST", "/api/generate", GENERATE, auth(erin)));
      http.readHead();
      assertThat(http.readChunk()).isNotNull();
    }
    long deadline = System.nanoTime() + 1_000_000_000L;
    while (upstream.streamsEnded.get() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(upstream.streamsEnded.get()).isEqualTo(1);
  }
}
