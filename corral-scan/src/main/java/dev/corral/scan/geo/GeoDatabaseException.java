package dev.corral.scan.geo;

/**
 * A GeoIP or ASN database that cannot be used: missing, unreadable, not a MaxMind DB file, or
 * without the fields corral reads. The message names the file and says what is wrong.
 */
public final class GeoDatabaseException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public GeoDatabaseException(String message) {
    super(message);
  }

  public GeoDatabaseException(String message, Throwable cause) {
    super(message, cause);
  }
}
