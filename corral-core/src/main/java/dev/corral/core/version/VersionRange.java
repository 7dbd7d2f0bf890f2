package dev.corral.core.version;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A contiguous interval of Ollama versions, such as {@code >=0.1.34 <0.1.38}. Either end may be
 * open (unbounded), inclusive or exclusive. A scanner that could not read {@code /api/version}
 * infers one of these from behaviour; an advisory states the ranges it affects.
 *
 * <p>Text form: space- or comma-separated comparators {@code >= > <= < =}; a bare version means
 * exactly that version; {@code *} or {@code any} means every version.
 */
public record VersionRange(Optional<Bound> lower, Optional<Bound> upper) {

  /** One end of a range. */
  public record Bound(OllamaVersion version, boolean inclusive) {
    public Bound {
      Objects.requireNonNull(version, "version");
    }
  }

  private static final VersionRange ANY = new VersionRange(Optional.empty(), Optional.empty());

  public VersionRange {
    Objects.requireNonNull(lower, "lower");
    Objects.requireNonNull(upper, "upper");
  }

  public static VersionRange any() {
    return ANY;
  }

  public static VersionRange exactly(OllamaVersion version) {
    Bound bound = new Bound(version, true);
    return new VersionRange(Optional.of(bound), Optional.of(bound));
  }

  /** {@code [from, to)}: the usual "introduced in, fixed in" shape. Either may be null (open). */
  public static VersionRange between(OllamaVersion fromInclusive, OllamaVersion toExclusive) {
    return new VersionRange(
        Optional.ofNullable(fromInclusive).map(v -> new Bound(v, true)),
        Optional.ofNullable(toExclusive).map(v -> new Bound(v, false)));
  }

  public static VersionRange atLeast(OllamaVersion version) {
    return between(version, null);
  }

  public static VersionRange below(OllamaVersion version) {
    return between(null, version);
  }

  public static VersionRange atMost(OllamaVersion version) {
    return new VersionRange(Optional.empty(), Optional.of(new Bound(version, true)));
  }

  /**
   * Reads {@code >=0.1.34 <0.1.38}, {@code <0.1.29}, {@code 0.12.10}, {@code >=0.11.5-rc0,<=0.13.5}
   * or {@code *}.
   *
   * @throws InvalidVersionException naming the comparator or version that is wrong
   */
  public static VersionRange parse(String text) {
    Objects.requireNonNull(text, "text");
    String trimmed = text.strip();
    if (trimmed.equals("*") || trimmed.toLowerCase(Locale.ROOT).equals("any")) {
      return ANY;
    }
    if (trimmed.isEmpty()) {
      throw new InvalidVersionException("empty version range: expected e.g. '>=0.1.34 <0.1.38'");
    }
    VersionRange range = ANY;
    for (String part : splitComparators(trimmed)) {
      range = range.intersect(parseComparator(part, text));
    }
    return range;
  }

  private static List<String> splitComparators(String text) {
    // Allow ">= 0.1.34" as well as ">=0.1.34": glue a lone operator to the version after it.
    List<String> parts = new ArrayList<>();
    String pending = "";
    for (String token : text.split("[\\s,]+", -1)) {
      if (token.isEmpty()) {
        continue;
      }
      if (token.matches("[<>=]=?")) {
        pending += token;
        continue;
      }
      parts.add(pending + token);
      pending = "";
    }
    if (!pending.isEmpty()) {
      parts.add(pending);
    }
    return parts;
  }

  private static VersionRange parseComparator(String part, String whole) {
    String op;
    if (part.startsWith(">=") || part.startsWith("<=")) {
      op = part.substring(0, 2);
    } else if (part.startsWith(">") || part.startsWith("<") || part.startsWith("=")) {
      op = part.substring(0, 1);
    } else {
      op = "=";
      part = "=" + part;
    }
    String versionText = part.substring(op.length());
    if (versionText.isEmpty()) {
      throw new InvalidVersionException(
          "invalid version range '" + whole + "': '" + op + "' needs a version after it");
    }
    OllamaVersion version;
    try {
      version = OllamaVersion.parse(versionText);
    } catch (InvalidVersionException e) {
      throw new InvalidVersionException(
          "invalid version range '" + whole + "': " + e.getMessage(), e);
    }
    return switch (op) {
      case ">=" -> atLeast(version);
      case ">" -> new VersionRange(Optional.of(new Bound(version, false)), Optional.empty());
      case "<=" -> atMost(version);
      case "<" -> below(version);
      default -> exactly(version);
    };
  }

  public boolean contains(OllamaVersion version) {
    boolean aboveLower =
        lower
            .map(
                b -> b.inclusive() ? version.isAtLeast(b.version()) : b.version().isBefore(version))
            .orElse(true);
    boolean belowUpper =
        upper
            .map(
                b -> b.inclusive() ? !b.version().isBefore(version) : version.isBefore(b.version()))
            .orElse(true);
    return aboveLower && belowUpper;
  }

  /** True when no version can satisfy the range, e.g. {@code >=0.2.0 <0.1.0}. */
  public boolean isEmpty() {
    if (lower.isEmpty() || upper.isEmpty()) {
      return false;
    }
    int c = lower.get().version().compareTo(upper.get().version());
    return c > 0 || (c == 0 && !(lower.get().inclusive() && upper.get().inclusive()));
  }

  public boolean isAny() {
    return lower.isEmpty() && upper.isEmpty();
  }

  /** The single version this range pins, if it is {@code =X}. */
  public Optional<OllamaVersion> exactVersion() {
    if (lower.isPresent()
        && upper.isPresent()
        && lower.get().inclusive()
        && upper.get().inclusive()
        && lower.get().version().compareTo(upper.get().version()) == 0) {
      return Optional.of(lower.get().version());
    }
    return Optional.empty();
  }

  public VersionRange intersect(VersionRange other) {
    return new VersionRange(tighterLower(lower, other.lower), tighterUpper(upper, other.upper));
  }

  public boolean intersects(VersionRange other) {
    return !intersect(other).isEmpty();
  }

  /** True when every version in {@code other} is also in this range. */
  public boolean encloses(VersionRange other) {
    if (other.isEmpty()) {
      return true;
    }
    return intersect(other).equals(other.normalised());
  }

  private VersionRange normalised() {
    return intersect(ANY);
  }

  private static Optional<Bound> tighterLower(Optional<Bound> a, Optional<Bound> b) {
    if (a.isEmpty()) {
      return b;
    }
    if (b.isEmpty()) {
      return a;
    }
    int c = a.get().version().compareTo(b.get().version());
    if (c != 0) {
      return c > 0 ? a : b;
    }
    return a.get().inclusive() ? b : a;
  }

  private static Optional<Bound> tighterUpper(Optional<Bound> a, Optional<Bound> b) {
    if (a.isEmpty()) {
      return b;
    }
    if (b.isEmpty()) {
      return a;
    }
    int c = a.get().version().compareTo(b.get().version());
    if (c != 0) {
      return c < 0 ? a : b;
    }
    return a.get().inclusive() ? b : a;
  }

  /** Canonical text, readable back by {@link #parse}: {@code >=0.1.34 <0.1.38}, {@code *}. */
  @Override
  public String toString() {
    if (isAny()) {
      return "*";
    }
    Optional<OllamaVersion> exact = exactVersion();
    if (exact.isPresent()) {
      return "=" + exact.get();
    }
    StringBuilder text = new StringBuilder();
    lower.ifPresent(b -> text.append(b.inclusive() ? ">=" : ">").append(b.version()));
    upper.ifPresent(
        b -> {
          if (!text.isEmpty()) {
            text.append(' ');
          }
          text.append(b.inclusive() ? "<=" : "<").append(b.version());
        });
    return text.toString();
  }
}
