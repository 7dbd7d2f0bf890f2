package dev.corral.scan.source.api;

/**
 * A search API call that failed for good (after the retries that made sense): bad key, no credits,
 * rate limit that did not clear, server down, an answer that is not what the API documents. The
 * message is one line for the user, starts with the service's name and never contains a key.
 */
public class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What went wrong, for callers that react differently (exit codes, hints). */
  public enum Kind {
    /** The key, ID/secret or token was rejected (401). */
    CREDENTIALS,
    /** No credits or quota left, or the plan does not allow this (402, 403). */
    NO_CREDITS,
    /** Still rate-limited (429) after backing off. */
    RATE_LIMITED,
    /** Server errors (5xx) or timeouts on every attempt. */
    UNAVAILABLE,
    /** The service could not be reached at all. */
    NETWORK,
    /** The service refused the request itself, e.g. a query syntax error (other 4xx). */
    REFUSED,
    /** An answer that is not valid JSON or not in the documented shape. */
    BAD_RESPONSE,
    /** The search would cost more than the caller's budget; see {@link BudgetException}. */
    BUDGET,
    /** The thread was interrupted while waiting. */
    INTERRUPTED
  }

  private final Kind kind;
  private final int status;

  public ApiException(Kind kind, String message) {
    this(kind, 0, message, null);
  }

  public ApiException(Kind kind, int status, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.status = status;
  }

  public Kind kind() {
    return kind;
  }

  /** The HTTP status that caused this, or 0 when there was none. */
  public int status() {
    return status;
  }
}
