package dev.corral.lab.ollama;

/** A request body Ollama's {@code ShouldBindJSON} refuses; the message is Go's. */
final class BindException extends Exception {
  private static final long serialVersionUID = 1L;
  private final boolean eof;

  BindException(String message, boolean eof) {
    super(message);
    this.eof = eof;
  }

  /** Empty body: handlers answer {@code missing request body}. */
  boolean isEof() {
    return eof;
  }
}
