package dev.corral.gateway.http;

/** The gateway could not start: an address in use, unusable TLS files, an unreachable store. */
public final class GatewayStartException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public GatewayStartException(String message) {
    super(message);
  }

  public GatewayStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
