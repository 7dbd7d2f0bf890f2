package dev.corral.gateway;

import dev.corral.gateway.admin.AdminServer;
import dev.corral.gateway.admin.GatewayMetrics;
import dev.corral.gateway.audit.AuditSink;
import dev.corral.gateway.audit.JsonLinesAuditSink;
import dev.corral.gateway.audit.StoreAuditSink;
import dev.corral.gateway.auth.KeyRing;
import dev.corral.gateway.config.GatewayConfig;
import dev.corral.gateway.http.BodyMemory;
import dev.corral.gateway.http.DataPath;
import dev.corral.gateway.http.GatewayServer;
import dev.corral.gateway.http.GatewayStartException;
import dev.corral.gateway.http.JudgeThreads;
import dev.corral.gateway.http.Transports;
import dev.corral.gateway.http.UpstreamPool;
import dev.corral.gateway.limit.LocalLimiter;
import dev.corral.gateway.policy.OllamaPolicy;
import dev.corral.gateway.policy.Route;
import io.netty.channel.EventLoopGroup;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.internal.PlatformDependent;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A running gateway: the client listener, the upstream pool, the admin listener and the audit
 * sinks, built from a {@link GatewayConfig}. {@link #close} is graceful: it stops accepting, lets
 * requests in flight finish within the grace period, then flushes the audit log.
 */
public final class Gateway implements AutoCloseable {
  /** How long {@link #close} waits for requests in flight. */
  public static final Duration DEFAULT_GRACE = Duration.ofSeconds(30);

  private final GatewayConfig config;
  private final EventLoopGroup group;
  private final UpstreamPool pool;
  private final GatewayMetrics metrics;
  private final AuditSink audit;
  private final GatewayParts parts;
  private final GatewayServer server;
  private final AdminServer admin;
  private final Duration grace;
  private volatile boolean serving;
  private boolean closed;

  private Gateway(GatewayConfig config, GatewayParts parts, Duration grace) {
    quietLeakDetectorUnlessConfigured();
    this.config = config;
    this.parts = parts;
    this.grace = grace;
    this.group = Transports.newGroup(config.eventLoopThreads(), config.transport());
    this.pool = new UpstreamPool(config.upstream().endpoint());
    this.metrics = new GatewayMetrics();
    if (parts.judge() instanceof OllamaPolicy policy) {
      metrics.knownRoutes(policy.servedRoutes().stream().map(Route::pattern).toList());
    }
    List<AuditSink> sinks = new ArrayList<>();
    sinks.add(metrics);
    AuditSink jsonl = null;
    GatewayServer started = null;
    AdminServer adminStarted = null;
    try {
      if (config.audit().jsonl() != null) {
        jsonl = JsonLinesAuditSink.open(config.audit().jsonl());
        sinks.add(jsonl);
      }
      sinks.addAll(parts.sinks());
      this.audit = new AuditFanOut(sinks);
      watch(metrics, parts, jsonl);
      BodyMemory bodyMemory = BodyMemory.of(config.limits());
      metrics.gauge(
          "corral_gateway_body_memory_bytes",
          "Bytes of request bodies held now over all connections (limits.max_body_memory)",
          bodyMemory::held);
      DataPath path =
          new DataPath(
              parts.authenticator(),
              parts.limiter(),
              parts.judge(),
              config.upstream().endpoint(),
              pool,
              config.limits(),
              audit,
              metrics,
              JudgeThreads.perProcessor(),
              bodyMemory);
      started = GatewayServer.start(path, config.listen(), config.tls(), group);
      metrics.gauge(
          "corral_gateway_connections_open",
          "Client connections open now (counted when limits.max_connections is set)",
          started::openConnections);
      metrics.counter(
          "corral_gateway_connections_refused_total",
          "Client connections closed on arrival because limits.max_connections were open",
          started::refusedConnections);
      if (config.adminListen() != null) {
        adminStarted =
            AdminServer.start(
                config.adminListen(), group, metrics, config.upstream().endpoint(), () -> serving);
      }
    } catch (RuntimeException e) {
      if (started != null) {
        started.close();
      }
      if (jsonl != null) {
        jsonl.close();
      }
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
      closeResources(parts);
      if (e instanceof UncheckedIOException io) {
        throw new GatewayStartException(io.getMessage(), io);
      }
      throw e;
    }
    this.server = started;
    this.admin = adminStarted;
    this.serving = true;
  }

  /** Puts the counters the parts keep themselves on /metrics. */
  private static void watch(GatewayMetrics metrics, GatewayParts parts, AuditSink jsonl) {
    for (AuditSink sink : parts.sinks()) {
      if (sink instanceof StoreAuditSink store) {
        metrics.counter(
            "corral_gateway_audit_store_dropped_total",
            "Audit events dropped before the store: queue full or sink closed",
            store::dropped);
        metrics.counter(
            "corral_gateway_audit_store_failed_total",
            "Audit events lost because the store refused their batch",
            store::failed);
        metrics.gauge(
            "corral_gateway_audit_store_queued",
            "Audit events waiting for the store writer",
            store::queued);
      }
    }
    if (jsonl instanceof JsonLinesAuditSink lines) {
      metrics.counter(
          "corral_gateway_audit_jsonl_dropped_total",
          "Audit events dropped before the JSON-lines log: queue full or sink closed",
          lines::dropped);
    }
    if (parts.authenticator() instanceof KeyRing ring) {
      metrics.counter(
          "corral_gateway_key_refresh_failures_total",
          "Key ring refreshes that failed to read the store (the previous keys stayed in use)",
          ring::refreshFailures);
      metrics.gauge("corral_gateway_keys_live", "API keys usable now", ring::liveKeys);
    }
    if (parts.limiter() instanceof LocalLimiter limiter) {
      metrics.gauge(
          "corral_gateway_limiter_active_streams",
          "Streams the limiter counts as open, all keys together",
          limiter::activeStreams);
    }
  }

  /**
   * Turns Netty's buffer leak detector off unless a level was asked for. Its default samples one
   * buffer in 128 and records a stack trace for each: about 3 % of the event loops' CPU in a
   * profile of the gateway under load, for reports, not for protection. The tests run it in
   * paranoid mode on every buffer (corral-gateway's surefire configuration), and {@code
   * -Dio.netty.leakDetection.level=simple} (in {@code CORRAL_JAVA_OPTS}, say) brings it back.
   */
  private static void quietLeakDetectorUnlessConfigured() {
    if (System.getProperty("io.netty.leakDetection.level") == null
        && System.getProperty("io.netty.leakDetectionLevel") == null) {
      ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
    }
  }

  /**
   * How Netty reads and writes the direct buffers of the data path: {@code "Unsafe"}, or {@code
   * "ByteBuffer"} when the JVM withholds {@code sun.misc.Unsafe} (Java 23 and later unless started
   * with {@code --sun-misc-unsafe-memory-access=allow}, which {@code bin/corral} adds), where every
   * byte goes through a checked access: slower, not less safe for the gateway's own checks.
   */
  public static String bufferAccess() {
    return PlatformDependent.hasUnsafe() ? "Unsafe" : "ByteBuffer";
  }

  /**
   * Starts serving.
   *
   * @throws GatewayStartException when an address cannot be bound, the TLS files or the audit log
   *     cannot be used
   */
  public static Gateway start(GatewayConfig config, GatewayParts parts) {
    return new Gateway(config, parts, DEFAULT_GRACE);
  }

  /**
   * Starts a gateway with the standard parts ({@link GatewayAssembly}): keys and audit in the
   * configured store, or in {@code defaultDb} when the config names none.
   */
  public static Gateway start(GatewayConfig config, String defaultDb) {
    return new Gateway(config, GatewayAssembly.standard(config, defaultDb), DEFAULT_GRACE);
  }

  /**
   * As {@link #start(GatewayConfig, GatewayParts)}, with another grace period for {@link #close}.
   */
  public static Gateway start(GatewayConfig config, GatewayParts parts, Duration grace) {
    return new Gateway(config, parts, grace);
  }

  public InetSocketAddress address() {
    return server.address();
  }

  /** The admin listener's address, or null when there is none. */
  public InetSocketAddress adminAddress() {
    return admin == null ? null : admin.address();
  }

  public GatewayConfig config() {
    return config;
  }

  public GatewayMetrics metrics() {
    return metrics;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    serving = false;
    server.stopAccepting();
    server.drain(grace);
    if (admin != null) {
      admin.close();
    }
    pool.close();
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    // Every event of every request has been recorded by now: flush them all.
    audit.close();
    closeResources(parts);
  }

  private static void closeResources(GatewayParts parts) {
    for (AutoCloseable r : parts.resources()) {
      try {
        r.close();
      } catch (Exception e) {
        System.err.println("corral gateway: closing " + r + ": " + e.getMessage());
      }
    }
  }
}
