package dev.corral.audit.check;

import java.util.Locale;

/** How much a failed check matters, most severe first; the declaration order is the sort order. */
public enum Severity {
  CRITICAL(10),
  HIGH(6),
  MEDIUM(3),
  LOW(1),
  INFO(0);

  private final int weight;

  Severity(int weight) {
    this.weight = weight;
  }

  /** The points a check of this severity is worth in the score (docs/checks.md). */
  public int weight() {
    return weight;
  }

  /** The lower-case wire name: {@code critical}, {@code high}... */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** True when this is at least as severe as {@code other}. */
  public boolean atLeast(Severity other) {
    return ordinal() <= other.ordinal();
  }

  /** Parses a wire name, ignoring case. */
  public static Severity parse(String text) {
    for (Severity s : values()) {
      if (s.id().equalsIgnoreCase(text.strip())) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "unknown severity '" + text + "': expected critical, high, medium, low or info");
  }
}
