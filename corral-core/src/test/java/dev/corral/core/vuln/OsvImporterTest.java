package dev.corral.core.vuln;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corral.core.version.OllamaVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Imports hand-written OSV files (modelled on the OSV schema) into an overlay in a temp dir. */
class OsvImporterTest {

  @TempDir Path dir;

  private Path overlay() {
    return dir.resolve("data").resolve(AdvisoryDatabase.OVERLAY_FILE_NAME);
  }

  private Path write(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, content);
    return file;
  }

  private ImportReport importing(String name, String content) throws IOException {
    return OsvImporter.importFile(write(name, content), overlay());
  }

  /** One OSV record on one line, about Ollama unless {@code module} says otherwise. */
  private static String osv(String id, String aliases, String events, String module) {
    return ("{\"schema_version\":\"1.3.1\",\"id\":\"%1$s\",\"modified\":\"2026-08-01T00:00:00Z\","
            + "\"aliases\":[%2$s],\"summary\":\"Test flaw %1$s in %4$s\","
            + "\"details\":\"Hand-written record for corral's tests.\","
            + "\"affected\":[{\"package\":{\"name\":\"%4$s\",\"ecosystem\":\"Go\"},"
            + "\"ranges\":[{\"type\":\"SEMVER\",\"events\":[%3$s]}]}],"
            + "\"references\":[{\"type\":\"WEB\",\"url\":\"https://example.invalid/%1$s\"}],"
            + "\"database_specific\":{\"url\":\"https://pkg.go.dev/vuln/%1$s\","
            + "\"review_status\":\"UNREVIEWED\"}}")
        .formatted(id, aliases, events, module);
  }

  private static String ollama(String id, String aliases, String events) {
    return osv(id, aliases, events, "github.com/ollama/ollama");
  }

  private static final String PRETTY_RECORD =
      """
      {
        "schema_version": "1.3.1",
        "id": "GO-2099-0001",
        "modified": "2099-01-02T03:04:05Z",
        "published": "2099-01-01T00:00:00Z",
        "aliases": ["CVE-2099-11111"],
        "summary": "Made-up crash in github.com/ollama/ollama",
        "details": "A record written by hand for corral's tests; it describes no real flaw.",
        "affected": [
          {
            "package": {"name": "github.com/ollama/ollama", "ecosystem": "Go"},
            "ranges": [
              {"type": "SEMVER", "events": [{"introduced": "0.5.0"}, {"fixed": "0.9.1"}]}
            ],
            "ecosystem_specific": {}
          }
        ],
        "references": [{"type": "REPORT", "url": "https://example.invalid/report/1"}],
        "database_specific": {"url": "https://pkg.go.dev/vuln/GO-2099-0001", "review_status": "REVIEWED"}
      }
      """;

  @Test
  void aNewRecordBecomesAnUnreviewedAdvisoryThatOnlyAuthRequiredCovers() throws IOException {
    ImportReport report = importing("one.json", PRETTY_RECORD);

    assertThat(report.hasProblems()).isFalse();
    assertThat(report.outcomes(ImportOutcome.Added.class)).hasSize(1);
    assertThat(report.overlayWritten()).isTrue();
    Advisory added = AdvisoryDatabase.load(overlay()).find("CVE-2099-11111").orElseThrow();
    assertThat(added.id()).isEqualTo("GO-2099-0001");
    assertThat(added.title()).isEqualTo("Made-up crash in github.com/ollama/ollama");
    assertThat(added.summary()).startsWith("A record written by hand");
    assertThat(added.affected()).hasToString(">=0.5.0 <0.9.1");
    assertThat(added.fixed()).contains(OllamaVersion.parse("0.9.1"));
    assertThat(added.fixStatus()).isEqualTo(FixStatus.FIXED);
    assertThat(added.mitigations()).containsExactly(GatewayRule.AUTH_REQUIRED);
    assertThat(added.severity()).isEqualTo(Severity.UNKNOWN);
    assertThat(added.notes()).contains("GO-2099-0001", "REVIEWED", "not reviewed by corral");
    assertThat(added.references())
        .containsExactly(
            "https://example.invalid/report/1", "https://pkg.go.dev/vuln/GO-2099-0001");
    assertThat(added.importedFrom())
        .contains(new OsvOrigin("GO-2099-0001", "2099-01-02T03:04:05Z", "REVIEWED"));
    assertThat(AdvisoryDatabase.builtin().find("GO-2099-0001")).isEmpty();
    assertThat(AdvisoryDatabase.load(null).find("GO-2099-0001")).isEmpty();
  }

  @Test
  void anArrayIsReadAndOtherModulesAreSkippedAndCounted() throws IOException {
    String array =
        "["
            + String.join(
                ",",
                ollama("GO-2099-0002", "", "{\"introduced\":\"0\"}"),
                osv("GO-2099-0003", "", "{\"introduced\":\"0\"}", "golang.org/x/net"),
                osv("GO-2099-0004", "", "{\"introduced\":\"0\"}", "github.com/ollama/ollama-go"))
            + "]";
    ImportReport report = importing("array.json", array);

    assertThat(report.otherModules()).isEqualTo(2);
    assertThat(report.outcomes()).singleElement().isInstanceOf(ImportOutcome.Added.class);
    assertThat(AdvisoryDatabase.load(overlay()).find("GO-2099-0002").orElseThrow().affected())
        .hasToString("*");
  }

  @Test
  void aBrokenJsonLinesLineIsReportedByNumberAndTheOthersAreImported() throws IOException {
    String lines =
        String.join(
            "\n",
            ollama("GO-2099-0005", "", "{\"introduced\":\"0\"},{\"fixed\":\"0.2.0\"}"),
            "{\"id\": \"GO-2099-0006\", \"aliases\": [",
            "",
            ollama("GO-2099-0007", "", "{\"introduced\":\"0\"},{\"fixed\":\"0.3.0\"}"),
            ollama("GO-2099-0008", "", "{\"introduced\":\"0\"},{\"fixed\":\"0.x\"}"));
    Path file = write("records.jsonl", lines);
    ImportReport report = OsvImporter.importFile(file, overlay());

    assertThat(report.outcomes(ImportOutcome.Added.class))
        .extracting(ImportOutcome::osvId)
        .containsExactly("GO-2099-0005", "GO-2099-0007");
    assertThat(report.problems()).hasSize(2);
    assertThat(report.problems().get(0).location()).isEqualTo(file + ":2");
    assertThat(report.problems().get(0).message())
        .as("the location names the line; Jackson's own line number would always be 1")
        .isEqualTo("Unexpected end-of-input: expected close marker for Array (column 36)");
    assertThat(report.problems().get(1).location()).isEqualTo(file + ":5");
    assertThat(report.problems().get(1).message())
        .startsWith(
            "GO-2099-0008: affected[0].ranges[0].events[1].fixed: invalid Ollama version '0.x'");
    AdvisoryDatabase loaded = AdvisoryDatabase.load(overlay());
    assertThat(loaded.find("GO-2099-0005")).isPresent();
    assertThat(loaded.find("GO-2099-0007")).isPresent();
  }

  @Test
  void aBrokenPrettyPrintedFileIsOneProblemWithItsLine() throws IOException {
    Path file =
        write("broken.json", PRETTY_RECORD.replace("\"GO-2099-0001\",", "\"GO-2099-0001\""));
    ImportReport report = OsvImporter.importFile(file, overlay());

    assertThat(report.problems())
        .singleElement()
        .satisfies(
            problem -> {
              assertThat(problem.location()).isEqualTo(file.toString());
              assertThat(problem.message()).contains("line 4");
            });
    assertThat(report.overlayWritten()).isFalse();
    assertThat(overlay()).doesNotExist();
  }

  @Test
  void aRecordMatchesItsAdvisoryByAliasAndKeepsTheCuratedFields() throws IOException {
    Advisory before = AdvisoryDatabase.builtin().find("CVE-2024-37032").orElseThrow();
    ImportReport report =
        importing(
            "probllama.json",
            ollama(
                "GO-2024-2901",
                "\"CVE-2024-37032\",\"GHSA-8hqg-whrw-pv92\"",
                "{\"introduced\":\"0\"},{\"fixed\":\"0.1.35\"}"));

    ImportOutcome.Updated updated =
        report.outcomes(ImportOutcome.Updated.class).stream().findFirst().orElseThrow();
    assertThat(updated.before()).isEqualTo(before);
    assertThat(updated.changes())
        .contains("affected: <0.1.34 -> <0.1.35", "fixed: 0.1.34 -> 0.1.35");
    Advisory after = AdvisoryDatabase.load(overlay()).find("GO-2024-2901").orElseThrow();
    assertThat(after.id()).isEqualTo("CVE-2024-37032");
    assertThat(after.affected()).hasToString("<0.1.35");
    assertThat(after.fixed()).contains(OllamaVersion.parse("0.1.35"));
    assertThat(after.aliases()).isEqualTo(before.aliases());
    assertThat(after.references())
        .containsAll(before.references())
        .contains("https://example.invalid/GO-2024-2901");
    assertThat(after.importedFrom()).map(OsvOrigin::osvId).contains("GO-2024-2901");
    assertThat(after)
        .extracting(
            Advisory::title,
            Advisory::summary,
            Advisory::endpoints,
            Advisory::attack,
            Advisory::mitigations,
            Advisory::notes,
            Advisory::severity)
        .containsExactly(
            before.title(),
            before.summary(),
            before.endpoints(),
            before.attack(),
            before.mitigations(),
            before.notes(),
            before.severity());
  }

  @Test
  void aNewIdForAKnownAdvisoryBecomesAnAlias() throws IOException {
    importing(
        "ghsa-only.json",
        ollama(
            "GO-2099-0009",
            "\"GHSA-8hqg-whrw-pv92\"",
            "{\"introduced\":\"0\"},{\"fixed\":\"0.1.34\"}"));

    assertThat(AdvisoryDatabase.load(overlay()).find("GO-2099-0009").orElseThrow())
        .satisfies(a -> assertThat(a.id()).isEqualTo("CVE-2024-37032"))
        .satisfies(a -> assertThat(a.aliases()).endsWith("GO-2099-0009"));
  }

  @Test
  void withoutAFixInOsvTheDesignFlawStaysNoFixUpstreamAndOthersBecomeUnknown() throws IOException {
    importing(
        "unfixed.jsonl",
        ollama("GO-2025-4251", "\"CVE-2025-63389\"", "{\"introduced\":\"0\"}")
            + "\n"
            + ollama("GO-2025-3824", "\"CVE-2025-51471\"", "{\"introduced\":\"0\"}"));

    AdvisoryDatabase loaded = AdvisoryDatabase.load(overlay());
    assertThat(loaded.find("CVE-2025-63389").orElseThrow().fixStatus())
        .isEqualTo(FixStatus.NO_FIX_UPSTREAM);
    Advisory tokenLeak = loaded.find("CVE-2025-51471").orElseThrow();
    assertThat(tokenLeak.affected()).hasToString("*");
    assertThat(tokenLeak.fixed()).isEmpty();
    assertThat(tokenLeak.fixStatus()).isEqualTo(FixStatus.UNKNOWN);
  }

  @Test
  void reimportingTheSameFileChangesNothing() throws IOException {
    Path file =
        write(
            "same.json",
            ollama(
                "GO-2024-2901",
                "\"CVE-2024-37032\"",
                "{\"introduced\":\"0\"},{\"fixed\":\"0.1.34\"}"));
    assertThat(OsvImporter.importFile(file, overlay()).overlayWritten()).isTrue();
    byte[] stored = Files.readAllBytes(overlay());

    ImportReport again = OsvImporter.importFile(file, overlay());

    assertThat(again.outcomes())
        .singleElement()
        .isEqualTo(new ImportOutcome.Unchanged("GO-2024-2901", "CVE-2024-37032"));
    assertThat(again.overlayWritten()).isFalse();
    assertThat(Files.readAllBytes(overlay())).isEqualTo(stored);
  }

  @Test
  void aNewerImportOfTheSameRecordReplacesTheOlderOne() throws IOException {
    importing(
        "v1.json", ollama("GO-2099-0010", "", "{\"introduced\":\"0\"},{\"fixed\":\"0.2.0\"}"));
    ImportReport report =
        importing(
            "v2.json", ollama("GO-2099-0010", "", "{\"introduced\":\"0\"},{\"fixed\":\"0.2.1\"}"));

    assertThat(report.outcomes()).singleElement().isInstanceOf(ImportOutcome.Updated.class);
    assertThat(OverlayFile.read(overlay()))
        .singleElement()
        .extracting(ImportedRecord::fixed)
        .isEqualTo("0.2.1");
    assertThat(AdvisoryDatabase.load(overlay()).find("GO-2099-0010").orElseThrow().affected())
        .hasToString("<0.2.1");
  }

  @Test
  void theOverlayKeepsOnlyOsvFactsSoCuratedFieldsComeFromTheRunningCorral() throws IOException {
    importing(
        "probllama.json",
        ollama(
            "GO-2024-2901", "\"CVE-2024-37032\"", "{\"introduced\":\"0\"},{\"fixed\":\"0.1.35\"}"));

    String stored = Files.readString(overlay());
    assertThat(stored).contains("\"osv_id\" : \"GO-2024-2901\"", "\"affected\" : [ \"<0.1.35\" ]");
    assertThat(stored).doesNotContain("\"attack\"", "\"mitigations\"", "\"endpoints\"");
  }

  @Test
  void aFailedImportLeavesTheOverlayAsItWasAndNoTemporaryFiles() throws IOException {
    importing("good.json", PRETTY_RECORD);
    byte[] stored = Files.readAllBytes(overlay());

    ImportReport report =
        importing(
            "bad.jsonl",
            ollama("GO-2099-0011", "", "{\"introduced\":\"0\"},{\"fixed\":\"oops\"}")
                + "\n{not json}\n");

    assertThat(report.problems()).hasSize(2);
    assertThat(report.overlayWritten()).isFalse();
    assertThat(Files.readAllBytes(overlay())).isEqualTo(stored);
    try (Stream<Path> files = Files.list(overlay().getParent())) {
      assertThat(files).containsExactly(overlay());
    }
  }

  @Test
  void aDamagedOverlayIsReportedAndNeverOverwritten() throws IOException {
    Files.createDirectories(overlay().getParent());
    Files.writeString(overlay(), "{\"format\": 1, \"records\": [");
    Path osv = write("fine.json", PRETTY_RECORD);

    assertThatThrownBy(() -> OsvImporter.importFile(osv, overlay()))
        .isInstanceOf(AdvisoryDataException.class)
        .hasMessageStartingWith("overlay " + overlay() + ": ")
        .hasMessageContaining("delete it");
    assertThatThrownBy(() -> AdvisoryDatabase.load(overlay()))
        .hasMessageStartingWith("overlay " + overlay() + ": ");
    assertThat(Files.readString(overlay())).isEqualTo("{\"format\": 1, \"records\": [");
  }

  @Test
  void aRecordNamingTwoAdvisoriesIsAProblemAndChangesNothing() throws IOException {
    ImportReport report =
        importing(
            "two.json",
            ollama(
                "GO-2099-0012", "\"CVE-2024-37032\",\"CVE-2024-45436\"", "{\"introduced\":\"0\"}"));

    assertThat(report.problems())
        .singleElement()
        .extracting(ImportProblem::message)
        .isEqualTo(
            "OSV record GO-2099-0012 names several advisories: CVE-2024-37032, CVE-2024-45436");
    assertThat(overlay()).doesNotExist();
  }

  @Test
  void aRecordAboutAnExcludedCveIsSkippedAndAnExcludedAliasIsDropped() throws IOException {
    ImportReport report =
        importing(
            "excluded.jsonl",
            ollama("GO-2099-0013", "\"CVE-2024-7773\"", "{\"introduced\":\"0\"}")
                + "\n"
                + ollama(
                    "GO-2024-3104",
                    "\"CVE-2024-45436\",\"CVE-2024-7773\"",
                    "{\"introduced\":\"0\"},{\"fixed\":\"0.1.47\"}"));

    assertThat(report.outcomes().getFirst())
        .isInstanceOfSatisfying(
            ImportOutcome.Skipped.class,
            skipped -> assertThat(skipped.reason()).startsWith("CVE-2024-7773 is excluded: "));
    assertThat(report.outcomes().get(1)).isInstanceOf(ImportOutcome.Updated.class);
    Advisory zipSlip = AdvisoryDatabase.load(overlay()).find("CVE-2024-45436").orElseThrow();
    assertThat(zipSlip.aliases()).doesNotContain("CVE-2024-7773");
  }

  @Test
  void aWithdrawnRecordIsSkippedAndLeavesTheOverlay() throws IOException {
    importing("new.json", PRETTY_RECORD);
    ImportReport report =
        importing(
            "withdrawn.json",
            PRETTY_RECORD.replace(
                "\"published\"", "\"withdrawn\": \"2099-02-01T00:00:00Z\", \"published\""));

    assertThat(report.outcomes())
        .containsExactly(
            new ImportOutcome.Skipped("GO-2099-0001", "withdrawn 2099-02-01T00:00:00Z"));
    assertThat(report.overlayWritten()).isTrue();
    assertThat(AdvisoryDatabase.load(overlay()).find("GO-2099-0001")).isEmpty();
  }

  @Test
  void aRecordWithoutSemverRangesIsAProblem() throws IOException {
    ImportReport report =
        importing(
            "git.json",
            ollama("GO-2099-0014", "", "{\"introduced\":\"0\"}").replace("SEMVER", "GIT"));

    assertThat(report.problems())
        .singleElement()
        .extracting(ImportProblem::message)
        .isEqualTo(
            "GO-2099-0014: no SEMVER range gives an affected version of github.com/ollama/ollama");
  }

  @Test
  void aMissingFileNamesItsPath() {
    Path missing = dir.resolve("nope.json");
    assertThatThrownBy(() -> OsvImporter.importFile(missing, overlay()))
        .isInstanceOf(AdvisoryDataException.class)
        .hasMessage("cannot read OSV file " + missing + ": no such file");
  }

  @Test
  void aFileOfNeitherRecordsNorLinesIsOneProblem() throws IOException {
    Path file = write("number.json", "42");
    assertThat(OsvImporter.importFile(file, overlay()).problems())
        .extracting(ImportProblem::toString)
        .containsExactly(file + ": expected an OSV record, a JSON array of records, or JSON Lines");
  }

  @Test
  void importsAccumulateAcrossFiles() throws IOException {
    importing("a.json", ollama("GO-2099-0015", "", "{\"introduced\":\"0\"}"));
    importing("b.json", ollama("GO-2099-0016", "", "{\"introduced\":\"0\"}"));

    assertThat(OverlayFile.read(overlay()))
        .extracting(ImportedRecord::osvId)
        .isEqualTo(List.of("GO-2099-0015", "GO-2099-0016"));
  }
}
