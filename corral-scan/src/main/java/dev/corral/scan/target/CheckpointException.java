package dev.corral.scan.target;

/**
 * A checkpoint file that is damaged, or that belongs to a different scan than the one being
 * resumed. The message names the file and says what differs.
 */
public final class CheckpointException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public CheckpointException(String message) {
    super(message);
  }

  public CheckpointException(String message, Throwable cause) {
    super(message, cause);
  }
}
