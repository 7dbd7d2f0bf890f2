package dev.corral.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.corral.core.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code corral vulns} and its sub-commands, run in-process against a temporary data dir. */
class VulnsCommandTest {

  @TempDir Path dataDir;

  private CliRun run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add("--data-dir");
    all.add(dataDir.toString());
    return CliRun.of(all.toArray(String[]::new));
  }

  private static List<String> lines(String text) {
    return text.lines().toList();
  }

  private static JsonNode json(String text) throws IOException {
    return Json.mapper().readTree(text);
  }

  @Test
  void listsEveryAdvisoryWithItsFacts() {
    CliRun run = run("vulns");

    assertThat(run.exitCode()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(run.out()).startsWith("25 advisories (built-in data as of 2026-08-21)");
    assertThat(lines(run.out()))
        .contains(
            "ID                SEVERITY  CVSS  AFFECTED               FIXED            ALIASES"
                + "                              MITIGATED BY")
        .anyMatch(
            line ->
                line.matches(
                    "CVE-2024-37032 +critical +9\\.8 +<0\\.1\\.34 +0\\.1\\.34 +GHSA-8hqg-whrw-pv92,"
                        + " GO-2024-2901 +registry-allowlist, manifest-digest-format, .*"))
        .anyMatch(line -> line.matches("CVE-2025-63389 .* \\* +no fix upstream .*"))
        .anyMatch(line -> line.matches("CVE-2026-42248 .* none \\(windows-app\\)"));
  }

  @Test
  void aVersionListsTheAdvisoriesThatAffectIt() {
    CliRun run = run("vulns", "0.17.0");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("5 advisories affect Ollama 0.17.0.");
    assertThat(run.out())
        .contains("CVE-2026-7482", "CVE-2026-42248", "CVE-2026-5530")
        .doesNotContain("CVE-2024-37032", "MATCH", "certain");
  }

  @Test
  void aRangeSaysWhichMatchesAreCertainAndWhichPossible() {
    CliRun run = run("vulns", ">=0.1.30 <0.1.38");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .startsWith(
            "21 advisories affect Ollama >=0.1.30 <0.1.38: 18 certain (every version in it),"
                + " 3 possible (some versions).");
    assertThat(lines(run.out()))
        .anyMatch(line -> line.startsWith("MATCH     ID "))
        .anyMatch(line -> line.matches("possible +CVE-2024-37032 .*"))
        .anyMatch(line -> line.matches("certain +CVE-2024-45436 .*"));
  }

  @Test
  void anUnknownSourceBuildIsExplainedAndTreatedAsAnyVersion() {
    CliRun run = run("vulns", "0.0.0");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).startsWith("0.0.0 is what source builds report");
    assertThat(run.out()).contains("25 advisories affect Ollama 0.0.0: 3 certain", "\nMATCH ");
  }

  @Test
  void starAndAnyAreTheWholeRange() {
    assertThat(run("vulns", "*").out()).startsWith("25 advisories affect Ollama *: 3 certain");
    assertThat(run("vulns", "any").out()).startsWith("25 advisories affect Ollama any: 3 certain");
  }

  @Test
  void anInvalidVersionIsOneLineAndAUsageError() {
    CliRun run = run("vulns", "x");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(lines(run.err()))
        .containsExactly(
            "corral: invalid Ollama version 'x': expected MAJOR.MINOR.PATCH with an optional"
                + " -PRERELEASE, e.g. 0.1.34 or 0.5.13-rc1");
  }

  @Test
  void anInvalidOrEmptyRangeIsAUsageError() {
    CliRun invalid = run("vulns", ">=0.1.x");
    assertThat(invalid.exitCode()).isEqualTo(2);
    assertThat(invalid.err()).startsWith("corral: invalid version range '>=0.1.x': ");

    CliRun empty = run("vulns", ">=0.2.0 <0.1.0");
    assertThat(empty.exitCode()).isEqualTo(2);
    assertThat(lines(empty.err()))
        .containsExactly("corral: version range '>=0.2.0 <0.1.0' contains no version");
  }

  @Test
  void jsonIsAnArrayWithSnakeCaseKeys() throws IOException {
    CliRun run = run("vulns", "--json");

    assertThat(run.exitCode()).isZero();
    JsonNode array = json(run.out());
    assertThat(array.isArray()).isTrue();
    assertThat(array.size()).isEqualTo(25);
    JsonNode first = array.get(0);
    assertThat(first.get("id").asText()).isEqualTo("CVE-2024-37032");
    assertThat(first.get("fix_status").asText()).isEqualTo("fixed");
    assertThat(first.get("severity_source").asText()).isEqualTo("corral");
    assertThat(first.get("affected").get(0).asText()).isEqualTo("<0.1.34");
    assertThat(first.get("mitigations").get(0).asText()).isEqualTo("registry-allowlist");
    assertThat(first.has("certainty")).isFalse();
    assertThat(first.has("fixStatus")).isFalse();
  }

  @Test
  void jsonForARangeCarriesTheCertainty() throws IOException {
    JsonNode array = json(run("vulns", ">=0.1.30 <0.1.38", "--json").out());

    JsonNode probllama = null;
    for (JsonNode advisory : array) {
      assertThat(advisory.get("certainty").asText()).isIn("certain", "possible");
      if (advisory.get("id").asText().equals("CVE-2024-37032")) {
        probllama = advisory;
      }
    }
    assertThat(probllama).isNotNull();
    assertThat(probllama.get("certainty").asText()).isEqualTo("possible");
  }

  @Test
  void showPrintsOneAdvisoryInFullFoundByAlias() {
    CliRun run = run("vulns", "show", "go-2026-5748");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .startsWith("CVE-2026-7482: Bleeding Llama: heap over-read through GGUF tensor shapes")
        .contains(
            "  Aliases       GHSA-x8qc-fggm-mpqg, GO-2026-5748",
            "  Severity      critical (from the CVSS score)",
            "  CVSS          9.1 (CVSS 3.1) CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:H",
            "  Affected      <0.17.1",
            "  Fixed in      0.17.1",
            "  Mitigated by  blob-gguf-validation: Uploaded blobs are size-limited",
            "                registry-allowlist: ",
            "\nAttack\n  POST /api/blobs/sha256:<d>",
            "\nNotes\n",
            "\nReferences\n  https://github.com/CVEProject/cvelistV5/");
    assertThat(lines(run.out())).allMatch(line -> !line.endsWith(" "));
  }

  @Test
  void showSaysWhenNoFixIsComingOrNoRuleHelps() {
    assertThat(run("vulns", "show", "CVE-2025-63389").out())
        .contains("  Fixed in      no fix upstream");
    assertThat(run("vulns", "show", "CVE-2026-42249").out())
        .contains(
            "  Component     windows-app (client side, not the HTTP API)",
            "  Mitigated by  no gateway rule: windows-app flaw");
  }

  @Test
  void showJsonIsTheAdvisoryObject() throws IOException {
    JsonNode advisory = json(run("vulns", "show", "CORRAL-2024-0001", "--json").out());
    assertThat(advisory.get("fix_status").asText()).isEqualTo("no_fix_upstream");
    assertThat(advisory.get("cvss").isNull()).isTrue();
  }

  @Test
  void showExplainsAnExcludedCveAndFailsOnAnUnknownOne() {
    CliRun excluded = run("vulns", "show", "CVE-2025-48889");
    assertThat(excluded.exitCode()).isEqualTo(1);
    assertThat(lines(excluded.err()))
        .containsExactly(
            "corral: CVE-2025-48889 is left out on purpose: A Gradio bug (file copy in flagging),"
                + " not Ollama, although some write-ups list it with Ollama.");

    CliRun unknown = run("vulns", "show", "CVE-1999-0001");
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(lines(unknown.err()))
        .containsExactly("corral: no advisory 'CVE-1999-0001'; 'corral vulns' lists them all");
  }

  @Test
  void rulesListWhatEachRuleCovers() {
    CliRun run = run("vulns", "rules");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains(
            "create-no-zip-import\n  /api/create refuses zip model imports.\n  covers 1:"
                + " CVE-2024-45436\n  enforced by dev.corral.gateway.policy.LegacyModelfile\n",
            "chat-image-validation\n",
            "No gateway rule covers: CVE-2026-42248 (windows-app)");
  }

  private static final String OLLAMA_PACKAGE =
      "\"package\":{\"name\":\"github.com/ollama/ollama\",\"ecosystem\":\"Go\"}";

  private Path osvFile(String name, String... lines) throws IOException {
    Path file = dataDir.resolve(name);
    Files.writeString(file, String.join("\n", lines) + "\n");
    return file;
  }

  @Test
  void importAddsAndUpdatesAndTheListingShowsIt() throws IOException {
    Path file =
        osvFile(
            "records.jsonl",
            "{\"id\":\"GO-2024-2901\",\"aliases\":[\"CVE-2024-37032\"],\"affected\":[{"
                + OLLAMA_PACKAGE
                + ",\"ranges\":[{\"type\":\"SEMVER\",\"events\":[{\"introduced\":\"0\"},"
                + "{\"fixed\":\"0.1.35\"}]}]}]}",
            "{\"id\":\"GO-2099-0001\",\"summary\":\"Made-up flaw for a test\",\"affected\":[{"
                + OLLAMA_PACKAGE
                + ",\"ranges\":[{\"type\":\"SEMVER\",\"events\":[{\"introduced\":\"0.30.0\"}]}]}]}",
            "{\"id\":\"GO-2099-0002\",\"affected\":[{\"package\":{\"name\":\"golang.org/x/net\","
                + "\"ecosystem\":\"Go\"}}]}",
            "{\"id\":\"GO-2099-0005\",\"aliases\":[\"CVE-2024-7773\"],\"affected\":[{"
                + OLLAMA_PACKAGE
                + ",\"ranges\":[{\"type\":\"SEMVER\",\"events\":[{\"introduced\":\"0\"}]}]}]}");

    CliRun run = run("vulns", "import", file.toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(lines(run.out()))
        .containsExactly(
            "Imported " + file + " into " + dataDir.resolve("advisories-overlay.json"),
            "  updated    CVE-2024-37032 from GO-2024-2901: affected: <0.1.34 -> <0.1.35;"
                + " fixed: 0.1.34 -> 0.1.35; versions now follow OSV GO-2024-2901",
            "  added      GO-2099-0001: Made-up flaw for a test",
            "  skipped    GO-2099-0005: CVE-2024-7773 is excluded: Rejected as a duplicate of"
                + " CVE-2024-45436.",
            "1 added, 1 updated, 1 skipped, 1 for other modules.");
    assertThat(run("vulns", "show", "CVE-2024-37032").out())
        .contains("  Versions from OSV GO-2024-2901, imported\n");
    assertThat(run("vulns", "show", "GO-2099-0001").out())
        .contains("  Severity      unknown\n", "  Mitigated by  auth-required: ");
    assertThat(run("vulns", "0.1.34").out()).contains("CVE-2024-37032");
    assertThat(run("vulns", "0.33.0").out()).contains("GO-2099-0001");
    assertThat(run("vulns").out())
        .startsWith(
            "26 advisories (built-in data as of 2026-08-21; 2"
                + " with versions from imported OSV records)");

    CliRun again = run("vulns", "import", file.toString());
    assertThat(again.exitCode()).isZero();
    assertThat(again.out())
        .contains("  unchanged  CVE-2024-37032 (GO-2024-2901)", "  unchanged  GO-2099-0001")
        .endsWith("Nothing changed in " + dataDir.resolve("advisories-overlay.json") + ".\n");
  }

  @Test
  void aBrokenLineIsReportedWithItsNumberTheRestImportedAndTheExitCodeIsOne() throws IOException {
    Path file =
        osvFile(
            "records.jsonl",
            "{\"id\":\"GO-2099-0003\",\"affected\":[{"
                + OLLAMA_PACKAGE
                + ",\"ranges\":[{\"type\":\"SEMVER\",\"events\":[{\"introduced\":\"0\"}]}]}]}",
            "{\"id\": \"GO-2099-0004\", oops}");

    CliRun run = run("vulns", "import", file.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).contains("  added      GO-2099-0003", "1 added, 1 failed.");
    assertThat(lines(run.err())).singleElement().asString().startsWith("corral: " + file + ":2: ");
    assertThat(run("vulns", "show", "GO-2099-0003").exitCode()).isZero();
  }

  @Test
  void anImportWithoutRecordsSaysSoAndChangesNothing() throws IOException {
    CliRun run = run("vulns", "import", osvFile("empty.json", "[]").toString());

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("\nNo records.\nNothing changed in ");
    assertThat(dataDir.resolve("advisories-overlay.json")).doesNotExist();
  }

  @Test
  void aMissingImportFileFailsWithItsPath() {
    Path missing = dataDir.resolve("no-such.json");
    CliRun run = run("vulns", "import", missing.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(lines(run.err()))
        .containsExactly("corral: cannot read OSV file " + missing + ": no such file");
  }

  @Test
  void aDamagedOverlayIsReportedNotIgnored() throws IOException {
    Files.writeString(dataDir.resolve("advisories-overlay.json"), "not json");
    CliRun run = run("vulns");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .startsWith("corral: overlay " + dataDir.resolve("advisories-overlay.json") + ": ");
  }

  @Test
  void helpExplainsCertaintyAndShowsExamples() {
    CliRun run = CliRun.of("vulns", "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains(
            "Usage: corral vulns",
            "VERSION|RANGE",
            "'certain' means every version",
            "Commands:",
            "show",
            "import",
            "rules",
            "Examples:",
            "corral vulns '>=0.1.34 <0.1.38'");
    assertThat(CliRun.of("--help").out()).contains("vulns");
  }
}
