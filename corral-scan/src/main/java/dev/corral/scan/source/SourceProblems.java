package dev.corral.scan.source;

import java.util.ArrayList;
import java.util.List;

/**
 * Bad records met while reading a source. A large file with a few damaged records still yields all
 * the good ones; this keeps the count and the first {@value #KEPT} problems with their line
 * numbers, so the message stays short whatever the damage.
 */
public final class SourceProblems {
  public static final int KEPT = 5;

  /** One bad record: its line (where it starts) and what is wrong. */
  public record Problem(long line, String message) {
    @Override
    public String toString() {
      return "line " + line + ": " + message;
    }
  }

  private final List<Problem> first = new ArrayList<>();
  private long count;
  private boolean stoppedEarly;

  void add(long line, String message) {
    count++;
    if (first.size() < KEPT) {
      first.add(new Problem(line, message));
    }
  }

  /** A problem after which the rest of the file could not be read (broken JSON structure). */
  void stop(long line, String message) {
    add(line, message);
    stoppedEarly = true;
  }

  public long count() {
    return count;
  }

  public boolean isEmpty() {
    return count == 0;
  }

  /** The first {@value #KEPT} problems, in file order. */
  public List<Problem> first() {
    return List.copyOf(first);
  }

  /** True when a problem stopped the reading before the end of the file. */
  public boolean stoppedEarly() {
    return stoppedEarly;
  }

  /**
   * One line for the user, e.g. {@code shodan.json: 3 bad records skipped (line 12: no 'ip_str';
   * line 40: ...; line 97: ...)}; empty when there were none.
   */
  public String summary(String file) {
    if (count == 0) {
      return "";
    }
    StringBuilder out = new StringBuilder(file).append(": ");
    out.append(count).append(count == 1 ? " bad record" : " bad records").append(" skipped (");
    for (int i = 0; i < first.size(); i++) {
      if (i > 0) {
        out.append("; ");
      }
      out.append(first.get(i));
    }
    if (count > first.size()) {
      out.append("; and ").append(count - first.size()).append(" more");
    }
    out.append(')');
    if (stoppedEarly) {
      out.append("; the rest of the file could not be read");
    }
    return out.toString();
  }
}
