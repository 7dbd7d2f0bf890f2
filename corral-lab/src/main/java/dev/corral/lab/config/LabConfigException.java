package dev.corral.lab.config;

/** A lab config that cannot be used; the message names the file, line and field. */
public final class LabConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public LabConfigException(String message) {
    super(message);
  }

  public LabConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
