package dev.corral.gateway.config;

/**
 * A gateway configuration that cannot be used. The message names the file, line and field, e.g.
 * {@code gateway.yaml:12: limits.header_timeout: invalid duration 'ten'}.
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
