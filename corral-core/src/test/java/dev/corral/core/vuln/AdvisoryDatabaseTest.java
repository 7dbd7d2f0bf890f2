package dev.corral.core.vuln;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.core.version.NaturalOrder;
import dev.corral.core.version.OllamaVersion;
import dev.corral.core.version.VersionRange;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AdvisoryDatabaseTest {

  private final AdvisoryDatabase database = AdvisoryDatabase.builtin();

  private List<String> idsFor(String version) {
    return database.affecting(OllamaVersion.parse(version)).stream()
        .map(match -> match.advisory().id())
        .toList();
  }

  private Map<String, AdvisoryMatch.Certainty> certaintiesFor(String range) {
    return database.affecting(VersionRange.parse(range)).stream()
        .collect(Collectors.toMap(match -> match.advisory().id(), AdvisoryMatch::certainty));
  }

  @ParameterizedTest(name = "{0} affected by {1}: {2}")
  @CsvSource({
    // 0.9 is older than 0.17: a text comparison would get both of these wrong.
    "0.9.0, CVE-2026-7482, true",
    "0.9.6, CVE-2025-51471, true",
    "0.17.0, CVE-2026-7482, true",
    "0.17.1, CVE-2026-7482, false",
    "0.17.10, CVE-2026-7482, false",
    // A release candidate comes before its release, so it is still affected.
    "0.17.1-rc0, CVE-2026-7482, true",
    "0.17.1-rc10, CVE-2026-7482, true",
    "0.11.5-rc0, CVE-2025-15514, true",
    "0.11.5-rc1, CVE-2025-15514, true",
    "0.11.4, CVE-2025-15514, false",
    "0.13.6-rc0, CVE-2025-15514, false",
    // A git build after a release has that release's code plus later commits.
    "0.17.0-5-gabc1234, CVE-2026-7482, true",
    "0.17.1-3-gabc1234-dirty, CVE-2026-7482, false",
    "v0.1.33, CVE-2024-37032, true",
  })
  void comparesVersionsTheWayReleasesFollowEachOther(
      String version, String advisoryId, boolean affected) {
    if (affected) {
      assertThat(idsFor(version)).contains(advisoryId);
    } else {
      assertThat(idsFor(version)).doesNotContain(advisoryId);
    }
  }

  @Test
  void aKnownVersionGivesCertainMatchesOnly() {
    assertThat(database.affecting(OllamaVersion.parse("0.1.33")))
        .isNotEmpty()
        .allSatisfy(m -> assertThat(m.certainty()).isEqualTo(AdvisoryMatch.Certainty.CERTAIN));
  }

  @Test
  void theMinimumSafeVersionLeavesOnlyUnfixedAdvisories() {
    assertThat(database.affecting(OllamaVersion.parse("0.33.0")))
        .extracting(m -> m.advisory().id())
        .containsExactlyInAnyOrder(
            "CORRAL-2024-0001", "CVE-2025-63389", "CVE-2026-5530", "CVE-2026-7020");
  }

  @Test
  void anUnknownSourceBuildIsAnyVersionSoOnlyEverywhereFlawsAreCertain() {
    List<AdvisoryMatch> matches = database.affecting(OllamaVersion.parse("0.0.0"));
    assertThat(matches).hasSameSizeAs(database.all());
    assertThat(matches)
        .filteredOn(m -> m.certainty() == AdvisoryMatch.Certainty.CERTAIN)
        .extracting(m -> m.advisory().id())
        .containsExactlyInAnyOrder("CORRAL-2024-0001", "CVE-2025-63389", "CVE-2026-5530");
    assertThat(matches)
        .filteredOn(m -> m.advisory().affected().ranges().getFirst().isAny())
        .allSatisfy(m -> assertThat(m.certainty()).isEqualTo(AdvisoryMatch.Certainty.CERTAIN));
  }

  @Test
  void aRangeThatFixedVersionsFullyCoverIsCertainAndProbllamaIsAbsent() {
    Map<String, AdvisoryMatch.Certainty> matches = certaintiesFor(">=0.1.34 <0.1.38");
    assertThat(matches)
        .containsEntry("CVE-2024-39720", AdvisoryMatch.Certainty.CERTAIN)
        .containsEntry("CVE-2024-39722", AdvisoryMatch.Certainty.CERTAIN)
        .containsEntry("CVE-2024-45436", AdvisoryMatch.Certainty.CERTAIN)
        .containsEntry("CVE-2024-8063", AdvisoryMatch.Certainty.CERTAIN)
        .doesNotContainKeys("CVE-2024-37032", "CVE-2025-44779", "CVE-2024-39721", "CVE-2024-28224");
  }

  @Test
  void aRangeAFixCutsThroughIsPossible() {
    Map<String, AdvisoryMatch.Certainty> matches = certaintiesFor(">=0.1.30 <0.1.40");
    assertThat(matches)
        .containsEntry("CVE-2024-37032", AdvisoryMatch.Certainty.POSSIBLE)
        .containsEntry("CVE-2024-39720", AdvisoryMatch.Certainty.CERTAIN)
        .doesNotContainKey("CVE-2024-28224");
  }

  @Test
  void aRangeTouchingOnlyTheLastAffectedVersionIsPossible() {
    assertThat(certaintiesFor(">=0.3.14 <0.4.0"))
        .containsEntry("CVE-2024-12055", AdvisoryMatch.Certainty.POSSIBLE)
        .containsEntry("CVE-2024-12886", AdvisoryMatch.Certainty.CERTAIN);
    assertThat(certaintiesFor(">0.3.14 <0.4.0")).doesNotContainKey("CVE-2024-12055");
  }

  @Test
  void anEmptyRangeMatchesNothing() {
    assertThat(database.affecting(VersionRange.parse(">=0.2.0 <0.1.0"))).isEmpty();
  }

  @Test
  void answersMostSevereFirstThenByIdInNaturalOrder() {
    List<Advisory> all = database.all();
    for (int i = 1; i < all.size(); i++) {
      Advisory previous = all.get(i - 1);
      Advisory next = all.get(i);
      assertThat(previous.severity()).isLessThanOrEqualTo(next.severity());
      if (previous.severity() == next.severity()) {
        assertThat(NaturalOrder.compare(previous.id(), next.id())).isNegative();
      }
    }
    assertThat(all.stream().limit(4).map(Advisory::id))
        .containsExactly("CVE-2024-37032", "CVE-2024-45436", "CVE-2025-63389", "CVE-2026-7482");
    List<String> ids = all.stream().map(Advisory::id).toList();
    assertThat(ids.indexOf("CVE-2024-8063")).isLessThan(ids.indexOf("CVE-2024-12055"));
    assertThat(idsFor("0.1.33"))
        .isEqualTo(
            all.stream()
                .filter(a -> a.affects(OllamaVersion.parse("0.1.33")))
                .map(Advisory::id)
                .toList());
  }

  @ParameterizedTest
  @CsvSource({
    "CVE-2024-37032, CVE-2024-37032",
    "cve-2024-37032, CVE-2024-37032",
    "GO-2024-2901, CVE-2024-37032",
    "ghsa-8hqg-whrw-pv92, CVE-2024-37032",
    "' CVE-2026-42249 ', CVE-2026-42248",
    "corral-2024-0001, CORRAL-2024-0001",
  })
  void findsByIdOrAliasIgnoringCase(String name, String id) {
    assertThat(database.find(name)).map(Advisory::id).contains(id);
  }

  @Test
  void findsNothingForUnknownOrExcludedIds() {
    assertThat(database.find("CVE-1999-0001")).isEmpty();
    assertThat(database.find("CVE-2025-48889")).isEmpty();
  }

  @Test
  void listsWhatEachGatewayRuleCovers() {
    assertThat(database.mitigatedBy(GatewayRule.CREATE_NO_ZIP_IMPORT))
        .extracting(Advisory::id)
        .containsExactly("CVE-2024-45436");
    assertThat(database.mitigatedBy(GatewayRule.AUTH_REQUIRED))
        .hasSize(database.all().size() - 1)
        .extracting(Advisory::id)
        .doesNotContain("CVE-2026-42248");
  }
}
