package dev.corral.core.vuln;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Data that breaks a rule must fail to load, with a message naming the advisory and field. */
class AdvisoryValidationTest {

  @TempDir Path dir;

  private static final String ADVISORY =
      """
      {
        "id": "CVE-2099-0001",
        "aliases": ["GHSA-2222-3333-4444"],
        "title": "A test flaw",
        "summary": "Made up for a test.",
        "component": "server",
        "affected": ["<0.2.0"],
        "fixed": "0.2.0",
        "fix_status": "fixed",
        "endpoints": ["POST /api/pull"],
        "attack": "POST /api/pull.",
        "cvss": {"score": 7.5, "version": "3.1", "vector": null, "source": "made up"},
        "severity": "high",
        "severity_source": "cvss",
        "mitigations": ["auth-required", "registry-allowlist"],
        "references": ["https://example.invalid/advisory"],
        "notes": ""
      }""";

  private static final String SECOND =
      ADVISORY
          .replace("CVE-2099-0001", "CVE-2099-0002")
          .replace("GHSA-2222-3333-4444", "GHSA-5555-6666-7777");

  private static String file(String... advisories) {
    return """
        {"format": 1, "as_of": "2099-01-01", "advisories": [%s],
         "excluded": [{"id": "CVE-2099-9999", "reason": "not Ollama", "references": []}]}
        """
        .formatted(String.join(",", advisories));
  }

  private AdvisoryDatabase load(String json) throws IOException {
    Path file = dir.resolve("advisories.json");
    Files.writeString(file, json);
    return AdvisoryDatabase.fromFile(Files.readAllBytes(file), file.toString());
  }

  @Test
  void theTemplateItselfIsValid() throws IOException {
    AdvisoryDatabase database = load(file(ADVISORY, SECOND));
    assertThat(database.all()).hasSize(2);
    assertThat(database.asOf()).isEqualTo("2099-01-01");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "unknown gateway rule | \"registry-allowlist\" | \"registry-alowlist\""
            + " | field 'mitigations[1]': unknown gateway rule 'registry-alowlist' (known: auth-required,",
        "range that does not parse | \"<0.2.0\"] | \"<0.2.x\"]"
            + " | field 'affected[0]': invalid version range '<0.2.x'",
        "fixed inside affected | \"<0.2.0\"] | \"<=0.2.0\"]"
            + " | field 'fixed': 0.2.0 lies inside the affected versions (<=0.2.0)",
        "fixed version that does not parse | \"fixed\": \"0.2.0\" | \"fixed\": \"two\""
            + " | field 'fixed': invalid Ollama version 'two'",
        "fixed without fixed status | \"fix_status\": \"fixed\" | \"fix_status\": \"unknown\""
            + " | field 'fixed': is set, so fix_status must be 'fixed'",
        "fixed status without version | \"fixed\": \"0.2.0\" | \"fixed\": null"
            + " | field 'fixed': is null, but fix_status 'fixed' needs the fixing version",
        "unknown fix status | \"fix_status\": \"fixed\" | \"fix_status\": \"patched\""
            + " | field 'fix_status': unknown fix status 'patched'",
        "severity that contradicts the score | \"severity\": \"high\" | \"severity\": \"critical\""
            + " | field 'severity': 'critical' does not match CVSS 7.5 ('high')",
        "unknown severity | \"severity\": \"high\" | \"severity\": \"severe\""
            + " | field 'severity': unknown severity 'severe'",
        "unknown component | \"component\": \"server\" | \"component\": \"linux-app\""
            + " | field 'component': unknown component 'linux-app'",
        "missing title | \"title\": \"A test flaw\", | " + " | field 'title': is missing or empty",
        "missing affected | \"affected\": [\"<0.2.0\"], | "
            + " | field 'affected': is missing (use [] for none)",
        "no affected version | \"affected\": [\"<0.2.0\"] | \"affected\": []"
            + " | field 'affected': lists no versions",
        "alias repeating the id | \"GHSA-2222-3333-4444\" | \"cve-2099-0001\""
            + " | field 'aliases[0]': 'cve-2099-0001' repeats the id or another alias",
        "a rule named twice | \"auth-required\", | \"registry-allowlist\","
            + " | field 'mitigations': names a rule twice",
      })
  void aBrokenFieldIsNamedWithItsAdvisory(
      String problem, String find, String replacement, String message) {
    String broken = ADVISORY.replace(find, replacement == null ? "" : replacement);
    assertThat(broken).as("the test edit applies").isNotEqualTo(ADVISORY);
    assertThatThrownBy(() -> load(file(broken)))
        .isInstanceOf(AdvisoryDataException.class)
        .hasMessageStartingWith(dir.resolve("advisories.json") + ": advisory CVE-2099-0001")
        .hasMessageContaining(message);
  }

  @Test
  void aMisspeltFieldIsAnErrorNotSilentlyIgnored() {
    String broken = ADVISORY.replace("\"mitigations\"", "\"mitigation\"");
    assertThatThrownBy(() -> load(file(broken)))
        .isInstanceOf(AdvisoryDataException.class)
        .hasMessageContaining("advisory CVE-2099-0001: unknown field 'mitigation'");
  }

  @Test
  void aScoreOutOfRangeIsNamed() {
    String broken = ADVISORY.replace("\"score\": 7.5", "\"score\": 11");
    assertThatThrownBy(() -> load(file(broken)))
        .hasMessageContaining("advisory CVE-2099-0001: score 11.0 is not between 0.1 and 10.0")
        .hasMessageContaining("cvss");
  }

  @Test
  void idsMustBeUnique() {
    String twin = SECOND.replace("CVE-2099-0002", "CVE-2099-0001");
    assertThatThrownBy(() -> load(file(ADVISORY, twin)))
        .isInstanceOf(AdvisoryDataException.class)
        .hasMessageContaining("advisory CVE-2099-0001, field 'id': two advisories have this id");
  }

  @Test
  void aliasesMustBeUniqueAcrossAdvisories() {
    String sharing = SECOND.replace("GHSA-5555-6666-7777", "ghsa-2222-3333-4444");
    assertThatThrownBy(() -> load(file(ADVISORY, sharing)))
        .isInstanceOf(AdvisoryDataException.class)
        .hasMessageContaining("field 'aliases': ghsa-2222-3333-4444 is already the id or an alias")
        .hasMessageContaining("CVE-2099-000");
  }

  @Test
  void anAliasMayNotBeAnotherAdvisorysId() {
    String claiming = SECOND.replace("GHSA-5555-6666-7777", "CVE-2099-0001");
    assertThatThrownBy(() -> load(file(ADVISORY, claiming)))
        .hasMessageContaining("CVE-2099-0001 is already the id or an alias of advisory");
  }

  @Test
  void anExcludedIdMayNotComeBackAsAnAdvisory() {
    String excluded = ADVISORY.replace("GHSA-2222-3333-4444", "CVE-2099-9999");
    assertThatThrownBy(() -> load(file(excluded)))
        .hasMessageContaining(
            "advisory CVE-2099-0001, field 'aliases': CVE-2099-9999 is on the excluded list: not"
                + " Ollama");
  }

  @Test
  void anotherFormatIsRefused() {
    assertThatThrownBy(() -> load(file(ADVISORY).replace("\"format\": 1", "\"format\": 2")))
        .hasMessageContaining("format 2 is not the format 1 this corral reads");
  }

  @Test
  void aSyntaxErrorNamesTheLine() {
    assertThatThrownBy(
            () -> load(file(ADVISORY).replace("\"severity\": \"high\",", "\"severity\": \"high\"")))
        .isInstanceOf(AdvisoryDataException.class)
        .hasMessageStartingWith(dir.resolve("advisories.json") + ": ")
        .hasMessageContaining("was expecting comma")
        .hasMessageContaining("(line 14, column 3)");
  }
}
