package dev.corral.audit.local;

/** A file under the audited root that cannot be understood; the message names file and line. */
public final class LocalFileException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public LocalFileException(String message) {
    super(message);
  }

  public LocalFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
