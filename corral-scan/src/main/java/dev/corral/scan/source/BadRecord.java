package dev.corral.scan.source;

/** One record that gives no candidate; the reader adds the line and carries on with the next. */
final class BadRecord extends RuntimeException {
  private static final long serialVersionUID = 1L;

  BadRecord(String reason) {
    super(reason, null, false, false);
  }
}
