package dev.corral.gateway;

import dev.corral.gateway.audit.AuditSink;
import dev.corral.gateway.auth.Authenticator;
import dev.corral.gateway.limit.Limiter;
import dev.corral.gateway.policy.RequestJudge;
import java.util.List;
import java.util.Objects;

/**
 * The pluggable parts a {@link Gateway} runs with: who checks keys, who limits, who judges, and
 * which audit sinks besides the JSON-lines file and the metrics. {@code resources} are closed, in
 * order, after the gateway has stopped (the key ring before the store it reads).
 */
public record GatewayParts(
    Authenticator authenticator,
    Limiter limiter,
    RequestJudge judge,
    List<AuditSink> sinks,
    List<AutoCloseable> resources) {

  public GatewayParts {
    Objects.requireNonNull(authenticator, "authenticator");
    Objects.requireNonNull(limiter, "limiter");
    Objects.requireNonNull(judge, "judge");
    sinks = List.copyOf(sinks);
    resources = List.copyOf(resources);
  }
}
