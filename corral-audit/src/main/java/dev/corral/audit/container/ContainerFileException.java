package dev.corral.audit.container;

/** A docker inspect or compose file that cannot be read; the message names the file and place. */
public final class ContainerFileException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ContainerFileException(String message) {
    super(message);
  }

  public ContainerFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
