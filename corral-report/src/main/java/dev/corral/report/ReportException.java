package dev.corral.report;

/**
 * A report cannot be made: an input that cannot be read, a scan that does not exist, a format that
 * does not fit the report. The message is one line meant for the user.
 */
public class ReportException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ReportException(String message) {
    super(message);
  }

  public ReportException(String message, Throwable cause) {
    super(message, cause);
  }
}
