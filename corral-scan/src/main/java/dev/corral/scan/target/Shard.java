package dev.corral.scan.target;

/**
 * One of {@code count} machines sharing a scan ({@code --shard 2/4}, 1-based). Shard {@code i}
 * takes the shuffled positions {@code i-1, i-1+count, i-1+2·count, ...}: with the same seed and
 * inputs, the shards are disjoint and together cover every target exactly once, and each gets an
 * even share of every part of the space.
 */
public record Shard(int index, int count) {
  /** The whole scan on one machine. */
  public static final Shard ALL = new Shard(1, 1);

  public Shard {
    if (count < 1) {
      throw new IllegalArgumentException("shard count must be at least 1, not " + count);
    }
    if (index < 1 || index > count) {
      throw new IllegalArgumentException(
          "shard " + index + " is out of range for " + count + " shards (1-" + count + ")");
    }
  }

  /** Reads {@code I/N}; errors start with {@code --shard ('...')}. */
  public static Shard parse(String text) {
    String where = TargetSyntaxException.option("--shard", text);
    String trimmed = text == null ? "" : text.strip();
    int slash = trimmed.indexOf('/');
    if (slash < 0) {
      throw new TargetSyntaxException(where, "expected I/N, e.g. 2/4 for the second of four");
    }
    int index = number(trimmed.substring(0, slash), where);
    int count = number(trimmed.substring(slash + 1), where);
    if (count < 1) {
      throw new TargetSyntaxException(where, "the shard count must be at least 1");
    }
    if (index < 1 || index > count) {
      throw new TargetSyntaxException(
          where, "shard " + index + " is out of range: shards are numbered 1 to " + count);
    }
    return new Shard(index, count);
  }

  private static int number(String text, String where) {
    if (text.isEmpty() || text.length() > 9 || !text.chars().allMatch(Character::isDigit)) {
      throw new TargetSyntaxException(
          where, "'" + text + "' is not a whole number; expected I/N, e.g. 2/4");
    }
    return Integer.parseInt(text);
  }

  /** How many of {@code total} shuffled positions fall to this shard. */
  public long sizeOf(long total) {
    long offset = index - 1L;
    return total <= offset ? 0 : (total - offset + count - 1) / count;
  }

  /** The shuffled position of this shard's {@code local}th target. */
  long globalPosition(long local) {
    return (index - 1L) + local * count;
  }

  @Override
  public String toString() {
    return index + "/" + count;
  }
}
