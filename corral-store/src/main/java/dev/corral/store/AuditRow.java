package dev.corral.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One gateway decision as the store keeps it (the gateway's {@code AuditEvent}, field by field).
 * Never a key, a prompt or a completion.
 *
 * @param time when the request arrived
 * @param keyId the key's public id, or null when unauthenticated
 * @param client the client's address ({@code ip:port})
 * @param method the HTTP method
 * @param route the matched route pattern, or the raw path when none matched
 * @param model the canonical model name, or null
 * @param allowed whether the request was forwarded
 * @param rule the rule that decided ({@code allow} when forwarded)
 * @param status the status the client received (0 when the client went away first)
 * @param promptTokens prompt tokens, or -1 when unknown
 * @param evalTokens generated tokens, or -1 when unknown
 * @param latencyMicros from the request's arrival to the last byte sent
 */
public record AuditRow(
    Instant time,
    String keyId,
    String client,
    String method,
    String route,
    String model,
    boolean allowed,
    String rule,
    int status,
    long promptTokens,
    long evalTokens,
    long latencyMicros) {

  public AuditRow {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(route, "route");
    Objects.requireNonNull(rule, "rule");
  }
}
