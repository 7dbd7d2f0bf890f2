package dev.corral.store;

/**
 * Something went wrong opening or using a store. The message is meant for the person at the
 * terminal: one line naming the file or the server, never a stack trace; the cause, when there is
 * one, is kept for debugging.
 */
public final class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
