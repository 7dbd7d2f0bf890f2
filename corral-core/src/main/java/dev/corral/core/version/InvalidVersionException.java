package dev.corral.core.version;

/** A version or version range that cannot be read; the message says what was expected. */
public final class InvalidVersionException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidVersionException(String message) {
    super(message);
  }

  public InvalidVersionException(String message, Throwable cause) {
    super(message, cause);
  }
}
