package dev.corral.gateway.auth;

import dev.corral.gateway.policy.RequestHead;

/**
 * Finds and checks the credential of a request: {@code Authorization: Bearer KEY} or {@code
 * X-Api-Key: KEY}, nothing else. Called on the event loop for every request, so it must answer in
 * microseconds from memory (no store access, no slow hash); thread-safe.
 */
public interface Authenticator {

  AuthOutcome authenticate(RequestHead head);

  /**
   * As {@link #authenticate(RequestHead)}, for a request on a connection that keeps {@code memo}
   * from one request to the next (see {@link KeyMemo}); the verdict is the same.
   */
  default AuthOutcome authenticate(RequestHead head, KeyMemo memo) {
    return authenticate(head);
  }
}
