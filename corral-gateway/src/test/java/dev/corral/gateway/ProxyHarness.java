package dev.corral.gateway;

import dev.corral.core.version.OllamaVersion;
import dev.corral.gateway.audit.AuditEvent;
import dev.corral.gateway.config.Endpoint;
import dev.corral.gateway.config.Limits;
import dev.corral.gateway.config.TlsFiles;
import dev.corral.gateway.http.BodyMemory;
import dev.corral.gateway.http.DataPath;
import dev.corral.gateway.http.GatewayServer;
import dev.corral.gateway.http.JudgeThreads;
import dev.corral.gateway.http.ProxyMetrics;
import dev.corral.gateway.http.Transports;
import dev.corral.gateway.http.UpstreamPool;
import dev.corral.gateway.limit.LocalLimiter;
import dev.corral.gateway.policy.OllamaPolicy;
import dev.corral.gateway.policy.PolicySettings;
import dev.corral.lab.Emulator;
import dev.corral.lab.persona.Persona;
import dev.corral.lab.server.LabServer;
import io.netty.channel.EventLoopGroup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A gateway data path with the real parts (keys made in a temporary SQLite store and checked by the
 * key ring, the Ollama policy, the local limiter) in front of a real lab Ollama on 127.0.0.1, both
 * on ephemeral ports. Audit events are collected in memory.
 */
final class ProxyHarness implements AutoCloseable {
  final EventLoopGroup labGroup = dev.corral.lab.server.Transports.newGroup(1);
  final EventLoopGroup group = Transports.newGroup(2);
  final RecordingEmulator upstream;
  final LabServer lab;
  final UpstreamPool pool;
  final GatewayServer server;
  final LocalLimiter limiter;
  final BodyMemory bodyMemory;
  final TestKeys keys = TestKeys.create();
  final List<AuditEvent> events = new CopyOnWriteArrayList<>();

  ProxyHarness() {
    this(persona(Duration.ofMillis(20)), Limits.defaults(), null, 8);
  }

  ProxyHarness(Persona persona, Limits limits, TlsFiles tls, int maxStreams) {
    this(persona, limits, tls, maxStreams, PolicySettings.defaults());
  }

  ProxyHarness(
      Persona persona, Limits limits, TlsFiles tls, int maxStreams, PolicySettings policy) {
    this(persona, limits, tls, maxStreams, policy, null);
  }

  /** A gateway in front of another upstream than its lab (which still runs, unused). */
  ProxyHarness(Endpoint otherUpstream) {
    this(
        persona(Duration.ofMillis(20)),
        Limits.defaults(),
        null,
        8,
        PolicySettings.defaults(),
        otherUpstream);
  }

  private ProxyHarness(
      Persona persona,
      Limits limits,
      TlsFiles tls,
      int maxStreams,
      PolicySettings policy,
      Endpoint otherUpstream) {
    upstream = new RecordingEmulator(Emulator.of(persona, Clock.systemUTC()));
    lab =
        LabServer.start(
            upstream,
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            labGroup,
            Clock.systemUTC());
    Endpoint upstreamAt =
        otherUpstream != null ? otherUpstream : new Endpoint("127.0.0.1", lab.address().getPort());
    pool = new UpstreamPool(upstreamAt);
    limiter = new LocalLimiter(0, maxStreams);
    bodyMemory = BodyMemory.of(limits);
    CollectingAuditSink sink = new CollectingAuditSink(events);
    DataPath path =
        new DataPath(
            keys.ring,
            limiter,
            new OllamaPolicy(policy),
            upstreamAt,
            pool,
            limits,
            sink,
            ProxyMetrics.NONE,
            JudgeThreads.perProcessor(),
            bodyMemory);
    try {
      server = GatewayServer.start(path, new Endpoint("127.0.0.1", 0), tls, group);
    } catch (RuntimeException e) {
      pool.close();
      lab.close();
      keys.close();
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
      labGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
      throw e;
    }
  }

  static Persona persona(Duration tokenInterval) {
    return Persona.builder("upstream", Persona.NEWEST).tokenInterval(tokenInterval).build();
  }

  static Persona persona(String version) {
    return Persona.builder("upstream", OllamaVersion.parse(version)).build();
  }

  InetSocketAddress address() {
    return server.address();
  }

  /** The {@code Authorization} header line of the user key for every model. */
  String auth() {
    return TestKeys.bearer(keys.user);
  }

  String url() {
    return "http://127.0.0.1:" + address().getPort();
  }

  /** Waits until {@code n} audit events have been recorded. */
  List<AuditEvent> awaitEvents(int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (events.size() < n && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    return List.copyOf(events);
  }

  @Override
  public void close() {
    server.close();
    pool.close();
    lab.close();
    keys.close();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    labGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
