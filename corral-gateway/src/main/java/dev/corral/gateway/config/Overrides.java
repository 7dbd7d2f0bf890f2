package dev.corral.gateway.config;

import dev.corral.gateway.http.Transport;
import java.nio.file.Path;

/**
 * Command-line flags that take precedence over the config file; null means "not given". Errors name
 * the flag.
 */
public record Overrides(
    String listen,
    String upstream,
    Path tlsCert,
    Path tlsKey,
    String adminListen,
    String db,
    String auditLog,
    String transport,
    String eventLoops) {

  public GatewayConfig applyTo(GatewayConfig config) {
    GatewayConfig c = config;
    if (listen != null) {
      c = c.withListen(parse("--listen", listen, Endpoint::parse));
    }
    if (upstream != null) {
      c = c.withUpstream(parse("--upstream", upstream, UpstreamUrl::parse));
    }
    if ((tlsCert == null) != (tlsKey == null) && c.tls() == null) {
      throw new ConfigException(
          tlsCert == null ? "--tls-key needs --tls-cert too" : "--tls-cert needs --tls-key too");
    }
    if (tlsCert != null || tlsKey != null) {
      TlsFiles base = c.tls();
      c =
          c.withTls(
              new TlsFiles(
                  tlsCert != null ? tlsCert : base.cert(), tlsKey != null ? tlsKey : base.key()));
    }
    if (adminListen != null) {
      c = c.withAdminListen(parse("--admin-listen", adminListen, Endpoint::parse));
    }
    if (db != null) {
      if (db.isBlank()) {
        throw new ConfigException("--db: must not be empty");
      }
      c = c.withDb(db);
    }
    if (auditLog != null) {
      if (auditLog.isBlank()) {
        throw new ConfigException("--audit-log: must not be empty");
      }
      AuditSettings a = c.audit();
      c = c.withAudit(new AuditSettings(auditLog, a.store(), a.logPrompts()));
    }
    if (transport != null) {
      c = c.withTransport(parse("--transport", transport, Transport::parse));
    }
    if (eventLoops != null) {
      c = c.withEventLoops(parse("--event-loops", eventLoops, GatewayConfig::parseEventLoops));
    }
    return c;
  }

  private static <T> T parse(String flag, String value, java.util.function.Function<String, T> f) {
    try {
      return f.apply(value);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(flag + ": " + e.getMessage(), e);
    }
  }
}
