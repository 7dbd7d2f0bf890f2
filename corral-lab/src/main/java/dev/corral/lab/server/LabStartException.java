package dev.corral.lab.server;

/** The lab could not start a host; the message says which address and why. */
public final class LabStartException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public LabStartException(String message) {
    super(message);
  }

  public LabStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
