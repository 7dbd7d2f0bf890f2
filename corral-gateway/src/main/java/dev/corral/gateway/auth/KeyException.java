package dev.corral.gateway.auth;

/** A key operation that cannot be done as asked; the message is meant for the user. */
public final class KeyException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public KeyException(String message) {
    super(message);
  }

  public KeyException(String message, Throwable cause) {
    super(message, cause);
  }
}
