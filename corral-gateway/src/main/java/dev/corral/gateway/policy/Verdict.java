package dev.corral.gateway.policy;

import java.util.Objects;

/**
 * The policy's answer for one request: forward it, or refuse it with a status and the rule that
 * refused it. The data path turns a refusal into an Ollama- or OpenAI-style error body ({@link
 * ApiStyle}) and an audit event; it never forwards a refused request.
 *
 * @param allowed whether to forward
 * @param status the HTTP status to answer with when refused (400, 401, 403, 404, 405, 413, 415,
 *     429); 0 when allowed
 * @param rule the id of the rule that decided (a {@link dev.corral.core.vuln.GatewayRule} id or one
 *     of the policy's own ids such as {@code route-unknown}); {@code "allow"} when allowed
 * @param message a short, client-safe reason (no secrets, no echo of the key)
 * @param route the route matched, or null when none did
 * @param model the canonical model name the request uses, or null when it names none
 */
public record Verdict(
    boolean allowed, int status, String rule, String message, Route route, String model) {

  public Verdict {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(message, "message");
  }

  public static Verdict allow(Route route, String model) {
    return new Verdict(true, 0, "allow", "", route, model);
  }

  public static Verdict deny(int status, String rule, String message, Route route) {
    return new Verdict(false, status, rule, message, route, null);
  }
}
