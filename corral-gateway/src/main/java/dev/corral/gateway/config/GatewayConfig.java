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
    Transport transport) {

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
        Transport.best());
  }

  public GatewayConfig withListen(Endpoint value) {
    return new GatewayConfig(
        value, upstream, tls, adminListen, db, policy, limits, audit, transport);
  }

  public GatewayConfig withUpstream(UpstreamUrl value) {
    return new GatewayConfig(listen, value, tls, adminListen, db, policy, limits, audit, transport);
  }

  public GatewayConfig withTls(TlsFiles value) {
    return new GatewayConfig(
        listen, upstream, value, adminListen, db, policy, limits, audit, transport);
  }

  public GatewayConfig withAdminListen(Endpoint value) {
    return new GatewayConfig(listen, upstream, tls, value, db, policy, limits, audit, transport);
  }

  public GatewayConfig withDb(String value) {
    return new GatewayConfig(
        listen, upstream, tls, adminListen, value, policy, limits, audit, transport);
  }

  public GatewayConfig withPolicy(PolicySettings value) {
    return new GatewayConfig(
        listen, upstream, tls, adminListen, db, value, limits, audit, transport);
  }

  public GatewayConfig withLimits(Limits value) {
    return new GatewayConfig(
        listen, upstream, tls, adminListen, db, policy, value, audit, transport);
  }

  public GatewayConfig withTransport(Transport value) {
    return new GatewayConfig(listen, upstream, tls, adminListen, db, policy, limits, audit, value);
  }

  public GatewayConfig withAudit(AuditSettings value) {
    return new GatewayConfig(
        listen, upstream, tls, adminListen, db, policy, limits, value, transport);
  }
}
