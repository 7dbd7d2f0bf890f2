package dev.corral.cli;

/** A failure caused by what the user asked for; its message is the whole story, no stack trace. */
final class UserError extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int exitCode;

  UserError(String message) {
    this(message, ShortErrors.FAILURE, null);
  }

  UserError(String message, Throwable cause) {
    this(message, ShortErrors.FAILURE, cause);
  }

  UserError(String message, int exitCode, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  int exitCode() {
    return exitCode;
  }
}
