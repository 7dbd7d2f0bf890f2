package dev.corral.core.vuln;

import dev.corral.core.version.InvalidVersionException;
import dev.corral.core.version.OllamaVersion;
import dev.corral.core.version.VersionRange;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Turns the events of an OSV SEMVER range into version ranges, the way the OSV schema evaluates
 * them: sorted by version, each {@code introduced} opens a range and the next {@code fixed}, {@code
 * last_affected} or {@code limit} closes it; {@code introduced: "0"} means from the very first
 * version, and a range nothing closes stays open.
 */
final class OsvRanges {
  private OsvRanges() {}

  /** One affected range, and the release that fixed it if it ended with a {@code fixed} event. */
  record Span(VersionRange range, Optional<OllamaVersion> fixedBy) {}

  private enum Kind {
    INTRODUCED,
    FIXED,
    LAST_AFFECTED,
    LIMIT
  }

  /** {@code version} is null for {@code introduced: "0"}, before every version. */
  private record Event(Kind kind, OllamaVersion version) {}

  private static final Comparator<Event> BY_VERSION =
      Comparator.comparing(Event::version, Comparator.nullsFirst(Comparator.naturalOrder()));

  /**
   * @param where the JSON path of the events, for error messages
   * @throws AdvisoryDataException naming the event that is malformed
   */
  static List<Span> spans(List<OsvJson.Event> events, String where) {
    List<Event> sorted = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      sorted.add(event(events.get(i), where + ".events[" + i + "]"));
    }
    sorted.sort(BY_VERSION);
    List<Span> spans = new ArrayList<>();
    boolean open = false;
    OllamaVersion from = null;
    for (Event event : sorted) {
      if (event.kind() == Kind.INTRODUCED) {
        if (!open) {
          open = true;
          from = event.version();
        }
        continue;
      }
      if (!open) {
        continue; // An end with nothing open affects no version, as in the schema's algorithm.
      }
      open = false;
      Optional<VersionRange.Bound> lower =
          Optional.ofNullable(from).map(v -> new VersionRange.Bound(v, true));
      boolean inclusive = event.kind() == Kind.LAST_AFFECTED;
      VersionRange range =
          new VersionRange(lower, Optional.of(new VersionRange.Bound(event.version(), inclusive)));
      if (!range.isEmpty()) {
        spans.add(
            new Span(
                range,
                event.kind() == Kind.FIXED ? Optional.of(event.version()) : Optional.empty()));
      }
    }
    if (open) {
      spans.add(
          new Span(
              from == null ? VersionRange.any() : VersionRange.atLeast(from), Optional.empty()));
    }
    return spans;
  }

  /**
   * The release that fixes every span: the fix of the span that reaches highest, or none when that
   * span is open-ended or ends with {@code last_affected} or {@code limit}.
   */
  static Optional<OllamaVersion> fixedVersion(List<Span> spans) {
    Span highest = null;
    for (Span span : spans) {
      if (span.range().upper().isEmpty()) {
        return Optional.empty();
      }
      if (highest == null || reachesHigher(span.range(), highest.range())) {
        highest = span;
      }
    }
    return highest == null ? Optional.empty() : highest.fixedBy();
  }

  private static boolean reachesHigher(VersionRange a, VersionRange b) {
    VersionRange.Bound x = a.upper().orElseThrow();
    VersionRange.Bound y = b.upper().orElseThrow();
    int c = x.version().compareTo(y.version());
    return c > 0 || (c == 0 && x.inclusive() && !y.inclusive());
  }

  private static Event event(OsvJson.Event json, String where) {
    List<Event> set = new ArrayList<>();
    add(set, Kind.INTRODUCED, json.introduced(), where + ".introduced");
    add(set, Kind.FIXED, json.fixed(), where + ".fixed");
    add(set, Kind.LAST_AFFECTED, json.lastAffected(), where + ".last_affected");
    add(set, Kind.LIMIT, json.limit(), where + ".limit");
    if (set.size() != 1) {
      throw new AdvisoryDataException(
          where + ": needs exactly one of introduced, fixed, last_affected, limit");
    }
    return set.getFirst();
  }

  private static void add(List<Event> set, Kind kind, String text, String where) {
    if (text == null) {
      return;
    }
    if (kind == Kind.INTRODUCED && text.strip().equals("0")) {
      set.add(new Event(kind, null));
      return;
    }
    try {
      set.add(new Event(kind, OllamaVersion.parse(text)));
    } catch (InvalidVersionException e) {
      throw new AdvisoryDataException(where + ": " + e.getMessage(), e);
    }
  }
}
