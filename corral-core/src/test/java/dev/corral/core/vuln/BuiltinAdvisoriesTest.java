package dev.corral.core.vuln;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.core.version.OllamaVersion;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Pins the built-in data to the research it comes from (docs/vulns.md): an accidental edit of a
 * range, fix or status fails here, not in a user's audit.
 */
class BuiltinAdvisoriesTest {

  private final AdvisoryDatabase database = AdvisoryDatabase.builtin();

  @Test
  void holdsEveryAdvisoryOfTheResearchTableAndNothingElse() {
    assertThat(database.all().stream().map(Advisory::id))
        .containsExactlyInAnyOrder(
            "CVE-2024-28224",
            "CVE-2024-37032",
            "CVE-2025-44779",
            "CVE-2024-39719",
            "CVE-2024-39720",
            "CVE-2024-39721",
            "CVE-2024-39722",
            "CORRAL-2024-0001",
            "CVE-2024-45436",
            "CVE-2024-8063",
            "CVE-2024-12055",
            "CVE-2024-12886",
            "CVE-2025-0312",
            "CVE-2025-0315",
            "CVE-2025-0317",
            "CVE-2025-1975",
            "CVE-2025-51471",
            "CVE-2025-63389",
            "CVE-2025-15514",
            "CVE-2025-66959",
            "CVE-2025-66960",
            "CVE-2026-5530",
            "CVE-2026-7020",
            "CVE-2026-7482",
            "CVE-2026-42248");
    assertThat(database.asOf()).isEqualTo("2026-08-21");
  }

  @ParameterizedTest(name = "{0}: affected {1}, fixed {2} ({3})")
  @CsvSource(
      nullValues = "-",
      value = {
        "CVE-2024-28224, <0.1.29, 0.1.29, fixed",
        "CVE-2024-37032, <0.1.34, 0.1.34, fixed",
        "CVE-2025-44779, <0.1.34, 0.1.34, fixed",
        "CVE-2024-39719, <=0.3.14, -, unknown",
        "CVE-2024-39720, <0.1.46, 0.1.46, fixed",
        "CVE-2024-39721, <0.1.34, 0.1.34, fixed",
        "CVE-2024-39722, <0.1.46, 0.1.46, fixed",
        "CORRAL-2024-0001, *, -, no_fix_upstream",
        "CVE-2024-45436, <0.1.47, 0.1.47, fixed",
        "CVE-2024-8063, <=0.7.0, -, unknown",
        "CVE-2024-12055, <=0.3.14, -, unknown",
        "CVE-2024-12886, <0.4.0, 0.4.0, fixed",
        "CVE-2025-0312, <=0.3.14, -, unknown",
        "CVE-2025-0315, <=0.3.14, -, unknown",
        "CVE-2025-0317, <=0.3.14, -, unknown",
        "CVE-2025-1975, <=0.5.11, -, unknown",
        "CVE-2025-51471, <0.14.3, 0.14.3, fixed",
        "CVE-2025-63389, *, -, no_fix_upstream",
        "CVE-2025-15514, >=0.11.5-rc0 <=0.13.5, 0.13.6, fixed",
        "CVE-2025-66959, <=0.12.10, -, unknown",
        "CVE-2025-66960, <=0.12.10, -, unknown",
        "CVE-2026-5530, *, -, unknown",
        "CVE-2026-7020, >=0.20.0, -, unknown",
        "CVE-2026-7482, <0.17.1, 0.17.1, fixed",
        "CVE-2026-42248, >=0.12.10 <0.23.3, 0.23.3, fixed",
      })
  void rangesAndFixesAreTheResearchedOnes(
      String id, String affected, String fixed, String fixStatus) {
    Advisory advisory = database.find(id).orElseThrow();
    assertThat(advisory.affected().toString()).isEqualTo(affected);
    assertThat(advisory.fixed().map(OllamaVersion::toString).orElse(null)).isEqualTo(fixed);
    assertThat(advisory.fixStatus().id()).isEqualTo(fixStatus);
  }

  @Test
  void theConflictingAndWidenedRangesSayWhy() {
    assertThat(database.find("CVE-2024-39719").orElseThrow().notes())
        .contains("0.3.14", "0.1.47", "conservative");
    assertThat(database.find("CVE-2024-8063").orElseThrow().notes()).contains("0.7.0");
    assertThat(database.find("CVE-2026-5530").orElseThrow().notes()).contains("18.1");
    assertThat(database.find("CVE-2025-63389").orElseThrow().notes()).contains("design");
  }

  @Test
  void theModelPoisoningEntryHasACorralIdAndTheOligoReference() {
    Advisory poisoning = database.find("CORRAL-2024-0001").orElseThrow();
    assertThat(poisoning.title()).containsIgnoringCase("poisoning").containsIgnoringCase("theft");
    assertThat(poisoning.references()).anyMatch(url -> url.contains("oligo.security"));
    assertThat(poisoning.mitigations()).contains(GatewayRule.REGISTRY_ALLOWLIST);
  }

  @Test
  void theUpdaterCvesAreOneWindowsAppEntryNoGatewayRuleCovers() {
    Advisory updater = database.find("CVE-2026-42249").orElseThrow();
    assertThat(updater.id()).isEqualTo("CVE-2026-42248");
    assertThat(updater.component()).isEqualTo(Component.WINDOWS_APP);
    assertThat(updater.endpoints()).isEmpty();
    assertThat(updater.mitigations()).isEmpty();
  }

  @Test
  void serverAdvisoriesAllNameAGatewayRule() {
    assertThat(database.all())
        .filteredOn(a -> a.component() == Component.SERVER)
        .allSatisfy(a -> assertThat(a.mitigations()).isNotEmpty());
  }

  @Test
  void gradioAndTheRejectedDuplicateAreExcludedWithAReason() {
    assertThat(database.excluded().stream().map(Exclusion::id))
        .containsExactlyInAnyOrder("CVE-2025-48889", "CVE-2024-7773");
    assertThat(database.findExcluded("cve-2025-48889").orElseThrow().reason()).contains("Gradio");
    assertThat(database.findExcluded("CVE-2024-7773").orElseThrow().reason())
        .contains("CVE-2024-45436");
    assertThat(database.find("CVE-2024-7773")).isEmpty();
  }

  @Test
  void severitiesFollowTheirSources() {
    assertThat(database.find("CVE-2026-7482").orElseThrow().severity())
        .isEqualTo(Severity.CRITICAL);
    assertThat(database.find("CVE-2026-7020").orElseThrow().severity()).isEqualTo(Severity.LOW);
    Advisory probllama = database.find("CVE-2024-37032").orElseThrow();
    assertThat(probllama.severitySource()).isEqualTo(SeveritySource.CORRAL);
    assertThat(probllama.notes()).contains("Moderate");
    assertThat(database.all())
        .filteredOn(a -> a.severitySource() == SeveritySource.CORRAL)
        .extracting(Advisory::notes)
        .allSatisfy(notes -> assertThat(notes).isNotBlank());
  }

  @Test
  void everyAdvisoryHasReferencesAndHttpsOnes() {
    assertThat(database.all())
        .allSatisfy(
            a ->
                assertThat(a.references())
                    .isNotEmpty()
                    .allMatch(url -> url.startsWith("https://"), "https URL"));
  }

  @Test
  void aliasesAreGhsaGoOrTwinCveIds() {
    List<String> aliases = database.all().stream().flatMap(a -> a.aliases().stream()).toList();
    assertThat(aliases)
        .allMatch(
            alias ->
                alias.matches(
                    "GHSA(-[23456789cfghjmpqrvwx]{4}){3}|GO-\\d{4}-\\d{4}|CVE-\\d{4}-\\d{4,}"));
  }
}
