package dev.corral.gateway.http;

import dev.corral.gateway.audit.AuditSink;
import dev.corral.gateway.auth.Authenticator;
import dev.corral.gateway.config.Endpoint;
import dev.corral.gateway.config.Limits;
import dev.corral.gateway.limit.Limiter;
import dev.corral.gateway.policy.RequestJudge;
import java.util.Objects;

/**
 * Everything a request passes through, shared by all connections.
 *
 * @param authenticator checks the credential first
 * @param limiter rates, quotas and stream caps
 * @param judge the policy
 * @param upstream where allowed requests go
 * @param pool keep-alive connections to {@code upstream}
 * @param limits sizes and timeouts
 * @param audit receives one event per request
 * @param metrics receives upstream latencies and stream counts
 * @param judges judge large bodies off the event loops
 * @param bodyMemory the budget for request bodies held over all connections
 */
public record DataPath(
    Authenticator authenticator,
    Limiter limiter,
    RequestJudge judge,
    Endpoint upstream,
    UpstreamPool pool,
    Limits limits,
    AuditSink audit,
    ProxyMetrics metrics,
    JudgeThreads judges,
    BodyMemory bodyMemory) {

  public DataPath {
    Objects.requireNonNull(authenticator, "authenticator");
    Objects.requireNonNull(limiter, "limiter");
    Objects.requireNonNull(judge, "judge");
    Objects.requireNonNull(upstream, "upstream");
    Objects.requireNonNull(pool, "pool");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(audit, "audit");
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(judges, "judges");
    Objects.requireNonNull(bodyMemory, "bodyMemory");
  }
}
