package dev.corral.gateway.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.corral.gateway.Gateway;
import dev.corral.gateway.GatewayAssembly;
import dev.corral.gateway.GatewayParts;
import dev.corral.gateway.LeakRecorder;
import dev.corral.gateway.RecordingEmulator;
import dev.corral.gateway.audit.AuditEvent;
import dev.corral.gateway.audit.AuditSink;
import dev.corral.gateway.auth.ApiKeys;
import dev.corral.gateway.auth.KeyAdmin;
import dev.corral.gateway.auth.KeySpec;
import dev.corral.gateway.config.AuditSettings;
import dev.corral.gateway.config.Endpoint;
import dev.corral.gateway.config.GatewayConfig;
import dev.corral.gateway.config.Limits;
import dev.corral.gateway.config.UpstreamUrl;
import dev.corral.gateway.policy.PolicySettings;
import dev.corral.gateway.policy.Role;
import dev.corral.lab.Emulator;
import dev.corral.lab.persona.Persona;
import dev.corral.lab.server.LabServer;
import dev.corral.lab.wire.LabRequest;
import dev.corral.store.Store;
import io.netty.channel.EventLoopGroup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays the attack corpus ({@code src/test/resources/replay/*.yaml}) as raw bytes through the
 * real gateway: keys in an SQLite store made with {@link KeyAdmin}, the standard parts (key ring,
 * Ollama policy, local limiter, store audit), and the lab's Ollama emulator as upstream, recording
 * every request that reaches it. Each case goes on a fresh connection with the recording cleared: a
 * blocked case must get a 4xx/5xx and leave the upstream untouched; an allowed case must get the
 * upstream's 2xx and deliver exactly its method, target and body.
 */
class AttackReplayTest {
  /** The one browser origin the gateway is configured to accept. */
  static final String ALLOWED_ORIGIN = "https://app.example";

  @TempDir static Path dir;
  private static final EventLoopGroup labGroup = dev.corral.lab.server.Transports.newGroup(1);
  private static RecordingEmulator upstream;
  private static LabServer lab;
  private static Store admin;
  private static Gateway gateway;
  private static final List<AuditEvent> events = new CopyOnWriteArrayList<>();
  private static final Map<String, String> keys = new HashMap<>();

  @BeforeAll
  static void start() throws Exception {
    Persona persona =
        Persona.builder("upstream", Persona.NEWEST).tokenInterval(Duration.ofMillis(1)).build();
    upstream = new RecordingEmulator(Emulator.of(persona, Clock.systemUTC()));
    lab =
        LabServer.start(
            upstream,
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            labGroup,
            Clock.systemUTC());
    String db = dir.resolve("corral.db").toString();
    admin = Store.open(db);
    KeyAdmin keyAdmin = new KeyAdmin(admin);
    keys.put("user", make(keyAdmin, "user", Role.USER, List.of("*"), null));
    keys.put(
        "limited",
        make(keyAdmin, "limited", Role.USER, List.of("llama3.2", "nomic-embed-text"), null));
    keys.put("admin", make(keyAdmin, "admin", Role.ADMIN, List.of("*"), null));
    keys.put(
        "admin-limited", make(keyAdmin, "admin-limited", Role.ADMIN, List.of("llama3.2*"), null));
    var revoked = keyAdmin.create(new KeySpec("revoked", Role.ADMIN, List.of("*"), 0, 0, null));
    keyAdmin.revoke(revoked.id());
    keys.put("revoked", revoked.key());
    keys.put("expired", make(keyAdmin, "expired", Role.ADMIN, List.of("*"), Duration.ofMillis(1)));
    // Well-formed, never issued.
    keys.put("unknown", ApiKeys.newKey(new SecureRandom()));
    keys.put("none", "");
    Thread.sleep(5); // the expired key's millisecond is over

    Limits defaults = Limits.defaults();
    Limits limits =
        new Limits(
            defaults.maxJsonBody(),
            defaults.maxBlobBody(),
            defaults.maxHeaderSize(),
            Duration.ofSeconds(2),
            Duration.ofSeconds(5),
            Duration.ofSeconds(10),
            defaults.maxStreamsPerKey(),
            defaults.maxStreams());
    PolicySettings p = PolicySettings.defaults();
    GatewayConfig config =
        GatewayConfig.defaults()
            .withListen(new Endpoint("127.0.0.1", 0))
            .withAdminListen(null)
            .withDb(db)
            .withUpstream(UpstreamUrl.parse("http://127.0.0.1:" + lab.address().getPort()))
            .withLimits(limits)
            .withPolicy(
                new PolicySettings(
                    p.registries(),
                    List.of(ALLOWED_ORIGIN),
                    p.hosts(),
                    p.allowCloudRoutes(),
                    p.maxJsonBody(),
                    p.maxBlobBody()))
            .withAudit(new AuditSettings(dir.resolve("audit.jsonl").toString(), true, false));
    GatewayParts standard = GatewayAssembly.standard(config, db);
    List<AuditSink> sinks = new ArrayList<>(standard.sinks());
    sinks.add(
        new AuditSink() {
          @Override
          public void record(AuditEvent event) {
            events.add(event);
          }

          @Override
          public void close() {}
        });
    gateway =
        Gateway.start(
            config,
            new GatewayParts(
                standard.authenticator(),
                standard.limiter(),
                standard.judge(),
                sinks,
                standard.resources()));
  }

  private static String make(
      KeyAdmin keyAdmin, String name, Role role, List<String> models, Duration lifetime) {
    return keyAdmin.create(new KeySpec(name, role, models, 0, 0, lifetime)).key();
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
    if (admin != null) {
      admin.close();
    }
    if (lab != null) {
      lab.close();
    }
    labGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    assertThat(LeakRecorder.collect()).isEmpty();
  }

  @Test
  void theCorpusIsLargeAndCoversBothOutcomes() {
    List<ReplayCase> cases = ReplayCorpus.load();
    assertThat(cases).hasSizeGreaterThanOrEqualTo(300);
    assertThat(cases).anyMatch(ReplayCase::blocked).anyMatch(ReplayCase::allowed);
  }

  @TestFactory
  Stream<DynamicTest> replay() {
    return ReplayCorpus.load().stream()
        .map(c -> DynamicTest.dynamicTest(c.file() + " " + c.id(), () -> run(c)));
  }

  private static List<AuditEvent> audited(String port, int from) {
    List<AuditEvent> all = List.copyOf(events);
    return all.subList(from, all.size()).stream().filter(e -> e.client().endsWith(port)).toList();
  }

  private static void run(ReplayCase c) throws Exception {
    byte[] request = c.bytes(keys);
    upstream.requests.clear();
    upstream.full.clear();
    // Earlier connections may have had the same client port: only this case's events count.
    int firstEvent = events.size();
    ReplayClient.Result result = ReplayClient.exchange(gateway.address(), request, c.dribble());
    boolean h2 =
        new String(request, 0, Math.min(14, request.length), StandardCharsets.ISO_8859_1)
            .equals("PRI * HTTP/2.0");
    List<ReplayClient.Answer> answers =
        result.answers().stream().filter(a -> a.status() >= 200).toList();
    String port = ":" + result.localPort();
    // Each answered request is audited once its exchange is finished, just after the answer.
    long deadline = System.nanoTime() + 1_000_000_000L;
    List<AuditEvent> audit = audited(port, firstEvent);
    while (audit.size() < Math.max(1, answers.size()) && System.nanoTime() < deadline) {
      Thread.sleep(5);
      audit = audited(port, firstEvent);
    }
    Thread.sleep(10);
    audit = audited(port, firstEvent);
    boolean upgraded = result.answers().stream().anyMatch(a -> a.status() == 101);
    if (upgraded && c.status() != 101) {
      h2 = true;
    }
    if (h2) {
      // HTTP/2 answers are frames: take each stream's status from its audit record.
      answers =
          audit.stream()
              .map(
                  e ->
                      new ReplayClient.Answer(
                          e.status(), "(HTTP/2, from the audit log)", new byte[0]))
              .toList();
    }
    List<String> reached = List.copyOf(upstream.requests);
    List<LabRequest> reachedFull = List.copyOf(upstream.full);
    List<String> problems = new ArrayList<>();

    switch (c.expect()) {
      case "blocked" -> {
        if (!reached.isEmpty()) {
          problems.add("BYPASS: the upstream received " + reached);
        }
        // A chunked blob cut off before its last chunk is audited as forwarded-then-aborted.
        if (audit.stream().anyMatch(e -> e.allowed() && "allow".equals(e.rule()))) {
          problems.add("the audit log says a request was forwarded");
        }
        if (c.status() == 101) {
          // An h2c upgrade: the gateway's answer (a refusal) then comes in HTTP/2 frames.
          if (result.answers().stream().noneMatch(a -> a.status() == 101)) {
            problems.add("expected 101 Switching Protocols");
          }
        } else if (c.status() == -1) {
          if (!answers.isEmpty()) {
            problems.add("expected no answer, got " + answers.getFirst().status());
          }
        } else if (answers.isEmpty()) {
          problems.add("no answer (closed by server: " + result.closedByServer() + ")");
        } else {
          int status = answers.getFirst().status();
          if (status < 400) {
            problems.add("answered " + status + ", not an error");
          }
          if (c.status() > 0 && status != c.status()) {
            problems.add("expected status " + c.status() + ", got " + status);
          }
        }
      }
      case "allowed" -> {
        List<String> expected = c.expectedUpstream(request);
        if (!reached.equals(expected)) {
          problems.add("REFUSED or altered: upstream expected " + expected + ", got " + reached);
        } else {
          byte[] body = reachedFull.getLast().body();
          byte[] want = c.expectedBody(request);
          if (!Arrays.equals(body, want)) {
            problems.add(
                "the upstream got another body:\n  got  "
                    + ReplayCase.show(body, 600)
                    + "\n  sent "
                    + ReplayCase.show(want, 600));
          }
        }
        if (upgraded) {
          // The client here reads no HTTP/2: the exchange ends with it gone (status 0) once the
          // request was forwarded, which the upstream record above already proves.
          assertThat(audit).isNotEmpty();
        } else if (answers.isEmpty()) {
          problems.add("no answer");
        } else {
          int status = answers.getFirst().status();
          if (c.status() > 0 ? status != c.status() : status / 100 != 2) {
            problems.add("answered " + status);
          }
        }
      }
      default -> {
        if (!reached.equals(c.upstream())) {
          problems.add("upstream expected " + c.upstream() + ", got " + reached);
        }
        List<Integer> statuses = answers.stream().map(ReplayClient.Answer::status).toList();
        if (!statuses.equals(c.statuses())) {
          problems.add("statuses expected " + c.statuses() + ", got " + statuses);
        }
      }
    }
    for (String lacking : c.answerLacks()) {
      for (ReplayClient.Answer a : answers) {
        if (new String(a.body(), StandardCharsets.ISO_8859_1).contains(lacking)) {
          problems.add("an answer contains '" + lacking + "'");
        }
      }
    }
    if (c.rule() != null && audit.stream().noneMatch(e -> c.rule().equals(e.rule()))) {
      problems.add("expected rule " + c.rule() + " in the audit log");
    }
    if (!problems.isEmpty()) {
      StringBuilder m = new StringBuilder();
      m.append(c.file()).append(" case ").append(c.id()).append(" (expect ").append(c.expect());
      m.append("): ").append(String.join("; ", problems));
      m.append("\n--- sent ---\n").append(ReplayCase.show(request, 2000));
      m.append("\n--- answers ---\n");
      for (ReplayClient.Answer a : result.answers()) {
        m.append(a).append("\n");
      }
      m.append("closed by server: ").append(result.closedByServer());
      if (result.error() != null) {
        m.append(" (").append(result.error()).append(")");
      }
      m.append("\n--- reached the upstream ---\n");
      for (LabRequest r : reachedFull) {
        m.append(r.method()).append(' ').append(r.target()).append(' ');
        m.append(r.headers()).append('\n').append(ReplayCase.show(r.body(), 600)).append('\n');
      }
      m.append("--- audit ---\n");
      for (AuditEvent e : audit) {
        m.append(e.method()).append(' ').append(e.route()).append(" rule=").append(e.rule());
        m.append(" allowed=")
            .append(e.allowed())
            .append(" status=")
            .append(e.status())
            .append('\n');
      }
      if (!c.note().isEmpty()) {
        m.append("note: ").append(c.note());
      }
      fail(m.toString());
    }
  }
}
