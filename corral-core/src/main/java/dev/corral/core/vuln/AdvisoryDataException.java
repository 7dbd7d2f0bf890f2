package dev.corral.core.vuln;

/**
 * Advisory data that cannot be used: a file that does not parse, or an advisory that breaks a rule.
 * The message names the file, the advisory and the field, so the fix is obvious.
 */
public final class AdvisoryDataException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public AdvisoryDataException(String message) {
    super(message);
  }

  public AdvisoryDataException(String message, Throwable cause) {
    super(message, cause);
  }

  static AdvisoryDataException field(String advisoryId, String field, String problem) {
    return new AdvisoryDataException(
        "advisory " + advisoryId + ", field '" + field + "': " + problem);
  }

  /** The same problem, prefixed with where the data came from (a file or resource). */
  AdvisoryDataException in(String source) {
    return new AdvisoryDataException(source + ": " + getMessage(), this);
  }
}
