package dev.corral.core.gojson;

/** A body Go's JSON decoder would refuse; the message is the one Go would report. */
public final class GoJsonException extends Exception {
  private static final long serialVersionUID = 1L;

  /** {@code io.EOF}: nothing but white space. */
  public static final String EOF = "EOF";

  /** {@code io.ErrUnexpectedEOF}: the value stopped in the middle. */
  public static final String UNEXPECTED_EOF = "unexpected EOF";

  public GoJsonException(String message) {
    super(message);
  }

  public boolean isEof() {
    return EOF.equals(getMessage());
  }
}
