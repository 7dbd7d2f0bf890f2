package dev.corral.scan.source;

/** A {@code --from} file whose format cannot be recognised; the message names the file. */
public final class SourceFormatException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public SourceFormatException(String message) {
    super(message);
  }

  public SourceFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
