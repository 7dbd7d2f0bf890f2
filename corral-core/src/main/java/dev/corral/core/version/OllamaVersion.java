package dev.corral.core.version;

import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An Ollama release version as {@code /api/version} reports it, ordered the way releases really
 * follow each other.
 *
 * <p>Ordering is semantic-versioning precedence ({@code 0.9.0 < 0.17.0}, {@code 0.5.13-rc1 <
 * 0.5.13}) with two deliberate refinements for what Ollama actually ships:
 *
 * <ul>
 *   <li>Alphanumeric pre-release identifiers compare naturally, so {@code -rc10} follows {@code
 *       -rc9} (strict semver would compare them as text and put rc10 first).
 *   <li>Builds from a git checkout report {@code git describe} output such as {@code
 *       0.5.7-3-gabc1234[-dirty]}: three commits <em>after</em> 0.5.7. Strict semver would read
 *       that as a pre-release of 0.5.7 and wrongly call it older; here it sorts after 0.5.7 and
 *       before any later release.
 * </ul>
 *
 * <p>{@code 0.0.0} is what a source build without version flags reports; {@link #isUnknown()} says
 * so, and callers treat it as "any version".
 */
public record OllamaVersion(
    int major, int minor, int patch, List<String> preRelease, int commitsAfter, String commit)
    implements Comparable<OllamaVersion> {

  private static final Pattern FORM =
      Pattern.compile(
          "v?(0|[1-9]\\d{0,8})\\.(0|[1-9]\\d{0,8})(?:\\.(0|[1-9]\\d{0,8}))?"
              + "(?:-([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?(?:\\+[0-9A-Za-z.-]+)?");
  private static final Pattern DESCRIBE_SUFFIX =
      Pattern.compile("(?:^|-)(\\d+)-(g[0-9a-f]{4,40}(?:-dirty)?)$");

  /** The version a source build reports when no version was stamped in. */
  public static final OllamaVersion UNKNOWN = new OllamaVersion(0, 0, 0, List.of(), 0, "");

  public OllamaVersion {
    if (major < 0 || minor < 0 || patch < 0 || commitsAfter < 0) {
      throw new InvalidVersionException("version numbers cannot be negative");
    }
    preRelease = List.copyOf(preRelease);
    commit = Objects.requireNonNullElse(commit, "");
  }

  public static OllamaVersion of(int major, int minor, int patch) {
    return new OllamaVersion(major, minor, patch, List.of(), 0, "");
  }

  /**
   * Reads {@code 0.1.34}, {@code v0.5.13-rc1}, {@code 0.9} (as 0.9.0), {@code 0.3.14+build} or
   * {@code 0.5.7-3-gabc1234-dirty}.
   *
   * @throws InvalidVersionException with a message that quotes the input and shows the form
   */
  public static OllamaVersion parse(String text) {
    Objects.requireNonNull(text, "text");
    String trimmed = text.strip();
    Matcher matcher = FORM.matcher(trimmed);
    if (!matcher.matches()) {
      throw new InvalidVersionException(
          "invalid Ollama version '"
              + text
              + "': expected MAJOR.MINOR.PATCH with an optional -PRERELEASE, e.g. 0.1.34 or"
              + " 0.5.13-rc1");
    }
    int major = Integer.parseInt(matcher.group(1));
    int minor = Integer.parseInt(matcher.group(2));
    int patch = matcher.group(3) == null ? 0 : Integer.parseInt(matcher.group(3));
    String pre = matcher.group(4);
    int commitsAfter = 0;
    String commit = "";
    if (pre != null) {
      Matcher describe = DESCRIBE_SUFFIX.matcher(pre);
      if (describe.find()) {
        commitsAfter = Integer.parseInt(describe.group(1));
        commit = describe.group(2);
        pre = pre.substring(0, describe.start());
        if (pre.isEmpty()) {
          pre = null;
        }
      }
    }
    List<String> identifiers = pre == null ? List.of() : List.of(pre.split("\\.", -1));
    return new OllamaVersion(major, minor, patch, identifiers, commitsAfter, commit);
  }

  /** {@code 0.0.0}: a source build that does not know its own version. */
  public boolean isUnknown() {
    return major == 0 && minor == 0 && patch == 0 && preRelease.isEmpty() && commit.isEmpty();
  }

  public boolean isPreRelease() {
    return !preRelease.isEmpty();
  }

  /** This version without pre-release and build parts: {@code 0.5.13-rc1} → {@code 0.5.13}. */
  public OllamaVersion release() {
    return of(major, minor, patch);
  }

  public boolean isBefore(OllamaVersion other) {
    return compareTo(other) < 0;
  }

  public boolean isAtLeast(OllamaVersion other) {
    return compareTo(other) >= 0;
  }

  /** Convenience for code that states thresholds as literals, e.g. {@code atLeast("0.1.34")}. */
  public boolean isAtLeast(String other) {
    return isAtLeast(parse(other));
  }

  public boolean isBefore(String other) {
    return isBefore(parse(other));
  }

  @Override
  public int compareTo(OllamaVersion other) {
    int c = Integer.compare(major, other.major);
    if (c == 0) {
      c = Integer.compare(minor, other.minor);
    }
    if (c == 0) {
      c = Integer.compare(patch, other.patch);
    }
    if (c == 0) {
      c = comparePreRelease(preRelease, other.preRelease);
    }
    if (c == 0) {
      c = Integer.compare(commitsAfter, other.commitsAfter);
    }
    return c;
  }

  private static int comparePreRelease(List<String> a, List<String> b) {
    if (a.isEmpty() || b.isEmpty()) {
      // A release outranks its own pre-releases.
      return Boolean.compare(a.isEmpty(), b.isEmpty());
    }
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int c = NaturalOrder.compare(a.get(i), b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder().append(major).append('.').append(minor);
    text.append('.').append(patch);
    if (!preRelease.isEmpty()) {
      text.append('-').append(String.join(".", preRelease));
    }
    if (!commit.isEmpty()) {
      text.append('-').append(commitsAfter).append('-').append(commit);
    }
    return text.toString();
  }
}
