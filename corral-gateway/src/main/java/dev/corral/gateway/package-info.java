/**
 * corral's gateway: an authenticating reverse proxy that lets Ollama be published without fear.
 *
 * <p>Layout, by job:
 *
 * <ul>
 *   <li>{@code dev.corral.gateway} and {@code .http}: the Netty data path (listeners, TLS, HTTP/1.1
 *       and h2, upstream pool, streaming, error envelopes, admin listener, configuration).
 *   <li>{@code .auth}: API keys (generation, keyed hashes, the revocation-aware cache) and the
 *       {@link dev.corral.gateway.auth.Authenticator} the data path calls first.
 *   <li>{@code .policy}: the deny-by-default {@link dev.corral.gateway.policy.RequestJudge}: routes
 *       and roles, model allowlists, request hygiene and the virtual patches named by {@link
 *       dev.corral.core.vuln.GatewayRule}.
 *   <li>{@code .limit}: per-key rates, token quotas and stream counts behind {@link
 *       dev.corral.gateway.limit.Limiter}, so a shared (Redis) limiter can replace the local one.
 *   <li>{@code .audit}: one {@link dev.corral.gateway.audit.AuditEvent} per decision, to JSON lines
 *       and the store.
 * </ul>
 */
package dev.corral.gateway;
