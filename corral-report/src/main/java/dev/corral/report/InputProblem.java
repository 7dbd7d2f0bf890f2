package dev.corral.report;

import java.util.Objects;

/**
 * A line of a JSON Lines input that is not a host record; it was skipped.
 *
 * @param line 1-based line number
 * @param reason why, in a few words (printable characters only)
 */
public record InputProblem(long line, String reason) {
  public InputProblem {
    Objects.requireNonNull(reason, "reason");
    if (line < 1) {
      throw new IllegalArgumentException("line numbers start at 1, not " + line);
    }
  }

  /** {@code line 7: reason}, as printed on standard error. */
  @Override
  public String toString() {
    return "line " + line + ": " + reason;
  }
}
