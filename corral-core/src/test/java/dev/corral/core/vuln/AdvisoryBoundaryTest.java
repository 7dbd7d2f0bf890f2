package dev.corral.core.vuln;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.corral.core.json.Json;
import dev.corral.core.version.OllamaVersion;
import dev.corral.core.version.VersionRange;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For every bound of every affected range in the shipped data file, the version at the bound and
 * its neighbours on both sides (the previous or next patch release, a pre-release of the bound, a
 * git build just after it) must be matched exactly when the range text says so. Expectations come
 * from comparing versions against the bound, not from {@link VersionRange#contains}, so a range
 * parsed with the wrong inclusiveness fails here.
 */
class AdvisoryBoundaryTest {

  private static final AdvisoryDatabase DATABASE = AdvisoryDatabase.builtin();

  /** One affected range as written in the data file, with the advisory's other ranges. */
  private record Raw(String advisoryId, String text, List<String> allRanges) {}

  static Stream<Arguments> everyBoundAndNeighbour() throws IOException {
    List<Arguments> cases = new ArrayList<>();
    for (Raw raw : rawRanges()) {
      VersionRange range = VersionRange.parse(raw.text());
      Set<OllamaVersion> probes = new LinkedHashSet<>();
      range.lower().ifPresent(bound -> probes.addAll(around(bound.version())));
      range.upper().ifPresent(bound -> probes.addAll(around(bound.version())));
      if (range.isAny()) {
        probes.addAll(List.of(OllamaVersion.parse("0.1.0"), OllamaVersion.parse("0.33.0-rc2")));
      }
      for (OllamaVersion probe : probes) {
        boolean expected = raw.allRanges().stream().anyMatch(text -> byBounds(text, probe));
        cases.add(Arguments.of(raw.advisoryId(), raw.text(), probe.toString(), expected));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} {1}: {2} affected = {3}")
  @MethodSource("everyBoundAndNeighbour")
  void theQueryAgreesWithTheRangeText(
      String advisoryId, String range, String version, boolean affected) {
    List<String> matched =
        DATABASE.affecting(OllamaVersion.parse(version)).stream()
            .map(match -> match.advisory().id())
            .toList();
    if (affected) {
      assertThat(matched).contains(advisoryId);
    } else {
      assertThat(matched).doesNotContain(advisoryId);
    }
  }

  private static List<Raw> rawRanges() throws IOException {
    JsonNode root;
    try (InputStream in = AdvisoryDatabase.class.getResourceAsStream("advisories.json")) {
      root = Json.mapper().readTree(in);
    }
    List<Raw> raws = new ArrayList<>();
    for (JsonNode advisory : root.get("advisories")) {
      List<String> ranges = new ArrayList<>();
      advisory.get("affected").forEach(range -> ranges.add(range.asText()));
      for (String range : ranges) {
        raws.add(new Raw(advisory.get("id").asText(), range, ranges));
      }
    }
    return raws;
  }

  /** The bound itself and the nearest versions on either side of it. */
  private static List<OllamaVersion> around(OllamaVersion bound) {
    List<OllamaVersion> versions = new ArrayList<>();
    versions.add(bound);
    if (bound.patch() > 0) {
      versions.add(OllamaVersion.of(bound.major(), bound.minor(), bound.patch() - 1));
    }
    if (bound.isPreRelease()) {
      versions.add(bound.release());
    } else {
      versions.add(OllamaVersion.parse(bound + "-rc0"));
      versions.add(OllamaVersion.of(bound.major(), bound.minor(), bound.patch() + 1));
    }
    versions.add(OllamaVersion.parse(bound + "-1-gabcdef0"));
    return versions;
  }

  /** Whether {@code version} satisfies every comparator of {@code text}, by plain comparison. */
  private static boolean byBounds(String text, OllamaVersion version) {
    VersionRange range = VersionRange.parse(text);
    return satisfies(range.lower(), version, true) && satisfies(range.upper(), version, false);
  }

  private static boolean satisfies(
      Optional<VersionRange.Bound> bound, OllamaVersion version, boolean isLower) {
    if (bound.isEmpty()) {
      return true;
    }
    int c = version.compareTo(bound.get().version());
    if (c == 0) {
      return bound.get().inclusive();
    }
    return isLower ? c > 0 : c < 0;
  }
}
