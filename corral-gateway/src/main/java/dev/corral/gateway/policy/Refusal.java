package dev.corral.gateway.policy;

/** Internal control flow: a body check found a reason to refuse. Carries no stack trace. */
final class Refusal extends Exception {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String rule;

  Refusal(int status, String rule, String message) {
    super(message, null, false, false);
    this.status = status;
    this.rule = rule;
  }

  int status() {
    return status;
  }

  String rule() {
    return rule;
  }

  Verdict verdict(Route route) {
    return Verdict.deny(status, rule, getMessage(), route);
  }
}
