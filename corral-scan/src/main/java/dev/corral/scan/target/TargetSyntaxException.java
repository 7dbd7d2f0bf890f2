package dev.corral.scan.target;

/**
 * A target, port list, exclusion or shard that cannot be read. The message starts with where it
 * came from, e.g. {@code target 3 ('10.0.0.0/33'): prefix length 33 is out of range for IPv4
 * (0-32)} or {@code hosts.txt line 12: ...}.
 */
public final class TargetSyntaxException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String where;
  private final String reason;

  public TargetSyntaxException(String where, String reason) {
    super(where + ": " + reason);
    this.where = where;
    this.reason = reason;
  }

  /** Where the bad text came from: {@code target 3 ('x')}, {@code hosts.txt line 12}. */
  public String where() {
    return where;
  }

  /** What is wrong with it, without the location. */
  public String reason() {
    return reason;
  }

  /** The location to use for the {@code n}th command-line target (1-based). */
  public static String argument(int n, String text) {
    return "target " + n + " ('" + text + "')";
  }

  /** The location to use for a line of a file. */
  public static String line(String file, long line) {
    return file + " line " + line;
  }

  /** The location to use for the value of a command-line option, e.g. {@code --ports}. */
  public static String option(String name, String text) {
    return name + " ('" + text + "')";
  }
}
