package dev.corral.gateway.auth;

import dev.corral.gateway.policy.Caller;

/** What {@link Authenticator} made of a request's credential. */
public sealed interface AuthOutcome {

  /** A live key. */
  record Authenticated(Caller caller) implements AuthOutcome {}

  /**
   * No usable credential: refused with 401 and {@code WWW-Authenticate: Bearer}.
   *
   * @param rule the rule id for the audit log, e.g. {@code auth-required}, {@code key-unknown},
   *     {@code key-revoked}, {@code key-expired}, {@code credential-in-query}, {@code
   *     credential-basic}, {@code credential-ambiguous}
   * @param message a client-safe reason that never echoes the credential
   */
  record Refused(String rule, String message) implements AuthOutcome {}
}
