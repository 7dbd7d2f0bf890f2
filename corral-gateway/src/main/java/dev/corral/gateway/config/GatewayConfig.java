package dev.corral.gateway.config;

import dev.corral.gateway.http.Transport;
import dev.corral.gateway.policy.PolicySettings;
import java.util.Objects;

/**
 * Everything the gateway needs to start, validated: the YAML file (see docs/gateway.md) with the
 * command line's flags laid over it. Load it with {@link GatewayConfigLoader}.
 *
 * @param listen where clients connect (default {@code 127.0.0.1:8080})
 * @param upstream the Ollama behind the gateway (default {@code http://127.0.0.1:11434})
 * @param tls the certificate and key to terminate TLS with, or null for plain HTTP
 * @param adminListen where /metrics, /healthz and /readyz are served (default {@code
 *     127.0.0.1:9464}), or null for no admin listener
 * @param db the store: an SQLite path or a {@code jdbc:postgresql://} URL; null for the default
 *     data directory
 * @param policy the policy's settings (its body limits come from {@code limits:})
 * @param limits sizes, timeouts and stream caps
 * @param audit where audit events go
 * @param transport how the event loops do their I/O ({@code transport: auto} picks the best one)
 * @param eventLoops how many event loop threads serve connections, or {@link #AUTO_EVENT_LOOPS} for
 *     {@link #eventLoopThreads()}'s choice
 */
public record GatewayConfig(
    Endpoint listen,
    UpstreamUrl upstream,
    TlsFiles tls,
    Endpoint adminListen,
    String db,
    PolicySettings policy,
    Limits limits,
    AuditSettings audit,
    Transport transport,
    int eventLoops) {

  /** {@code event_loops: auto}: one per processor (see {@link #eventLoopThreads}). */
  public static final int AUTO_EVENT_LOOPS = 0;

  /** The most event loops one may ask for. */
  public static final int MAX_EVENT_LOOPS = 256;

  public static final Endpoint DEFAULT_LISTEN = new Endpoint("127.0.0.1", 8080);
  public static final UpstreamUrl DEFAULT_UPSTREAM =
      new UpstreamUrl(new Endpoint("127.0.0.1", 11434));
  public static final Endpoint DEFAULT_ADMIN_LISTEN = new Endpoint("127.0.0.1", 9464);

  public GatewayConfig {
    Objects.requireNonNull(listen, "listen");
    Objects.requireNonNull(upstream, "upstream");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(audit, "audit");
    Objects.requireNonNull(transport, "transport");
    if (eventLoops < 0 || eventLoops > MAX_EVENT_LOOPS) {
      throw new IllegalArgumentException("event loops out of range: " + eventLoops);
    }
  }

  /** The safe defaults: loopback everywhere, no TLS, the default store, no JSON-lines file. */
  public static GatewayConfig defaults() {
    return new GatewayConfig(
        DEFAULT_LISTEN,
        DEFAULT_UPSTREAM,
        null,
        DEFAULT_ADMIN_LISTEN,
        null,
        PolicySettings.defaults(),
        Limits.defaults(),
        AuditSettings.defaults(),
        Transport.best(),
        AUTO_EVENT_LOOPS);
  }

  /**
   * The event loop threads to start: as configured, or one per processor. Fewer leave cores to an
   * Ollama on the same machine; on the 2-core benchmark machine one loop took less CPU per request
   * than two in an A/B of two gateways, but lost throughput against nginx in the load script's own
   * run, so the default stays one per processor (BENCHMARKS.md).
   */
  public int eventLoopThreads() {
    if (eventLoops != AUTO_EVENT_LOOPS) {
      return eventLoops;
    }
    return Math.max(1, Runtime.getRuntime().availableProcessors());
  }

  /**
   * Reads {@code auto} or a number of event loops from 1 to {@value #MAX_EVENT_LOOPS}.
   *
   * @throws IllegalArgumentException for anything else
   */
  public static int parseEventLoops(String text) {
    String t = text.strip();
    if (t.equals("auto")) {
      return AUTO_EVENT_LOOPS;
    }
    int n;
    try {
      n = Integer.parseInt(t);
    } catch (NumberFormatException e) {
      n = -1;
    }
    if (n < 1 || n > MAX_EVENT_LOOPS) {
      throw new IllegalArgumentException(
          "expected auto or a number of threads from 1 to "
              + MAX_EVENT_LOOPS
              + ", not '"
              + text
              + "'");
    }
    return n;
  }

  public GatewayConfig withListen(Endpoint value) {
    return new GatewayConfig(
        value, upstream, tls, adminListen, db, policy, limits, audit, transport, eventLoops);
  }

  public GatewayConfig withUpstream(UpstreamUrl value) {
    return new GatewayConfig(
        listen, value, tls, adminListen, db, policy, limits, audit, transport, eventLoops);
  }

  public GatewayConfig withTls(TlsFiles value) {
    return new GatewayConfig(
        listen, upstream, value, adminListen, db, policy, limits, audit, transport, eventLoops);
  }

  public GatewayConfig withAdminListen(Endpoint value) {
    return new GatewayConfig(
        listen, upstream, tls, value, db, policy, limits, audit, transport, eventLoops);
  }

  public GatewayConfig withDb(String value) {
    return new GatewayConfig(
        listen, upstream, tls, adminListen, value, policy, limits, audit, transport, eventLoops);
  }

  public GatewayConfig withPolicy(PolicySettings value) {
    return new GatewayConfig(
        listen, upstream, tls, adminListen, db, value, limits, audit, transport, eventLoops);
  }

  public GatewayConfig withLimits(Limits value) {
    return new GatewayConfig(
        listen, upstream, tls, adminListen, db, policy, value, audit, transport, eventLoops);
  }

  public GatewayConfig withTransport(Transport value) {
    return new GatewayConfig(
        listen, upstream, tls, adminListen, db, policy, limits, audit, value, eventLoops);
  }

  public GatewayConfig withEventLoops(int value) {
    return new GatewayConfig(
        listen, upstream, tls, adminListen, db, policy, limits, audit, transport, value);
  }

  public GatewayConfig withAudit(AuditSettings value) {
    return new GatewayConfig(
        listen, upstream, tls, adminListen, db, policy, limits, value, transport, eventLoops);
  }
}
