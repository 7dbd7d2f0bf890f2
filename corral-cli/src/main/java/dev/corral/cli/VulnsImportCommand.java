package dev.corral.cli;

import dev.corral.core.vuln.AdvisoryDataException;
import dev.corral.core.vuln.AdvisoryDatabase;
import dev.corral.core.vuln.ImportOutcome;
import dev.corral.core.vuln.ImportProblem;
import dev.corral.core.vuln.ImportReport;
import dev.corral.core.vuln.OsvImporter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code corral vulns import FILE}: lays OSV records over the built-in advisories. */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
      "Import OSV records about Ollama (module github.com/ollama/ollama, as in the Go"
          + " vulnerability database) from a file you downloaded; corral itself fetches nothing.",
      "",
      "FILE holds one record, a JSON array of records, or JSON Lines. A record that matches an"
          + " advisory by id or alias updates its versions, fix, aliases and references; a new one"
          + " is added as unreviewed. Records about other modules are skipped. A bad record is"
          + " reported and the rest are imported; the exit code is then 1.",
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  corral vulns import GO-2026-5748.json",
      "  corral vulns import ollama-records.jsonl --data-dir /srv/corral",
    })
final class VulnsImportCommand implements Callable<Integer> {

  @Parameters(paramLabel = "FILE", description = "The OSV file to import.")
  private Path file;

  @Mixin private DataDirOption dataDir;

  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    Path overlay = dataDir.dataDir().resolve(AdvisoryDatabase.OVERLAY_FILE_NAME);
    ImportReport report;
    try {
      report = OsvImporter.importFile(file, overlay);
    } catch (AdvisoryDataException e) {
      throw new UserError(e.getMessage(), e);
    }
    print(report, spec.commandLine().getOut());
    PrintWriter err = spec.commandLine().getErr();
    for (ImportProblem problem : report.problems()) {
      err.println("corral: " + problem);
    }
    return report.hasProblems() ? ShortErrors.FAILURE : 0;
  }

  private static void print(ImportReport report, PrintWriter out) {
    out.println("Imported " + report.source() + " into " + report.overlay());
    for (ImportOutcome outcome : report.outcomes()) {
      out.println("  " + describe(outcome));
    }
    List<String> counts = new ArrayList<>();
    count(counts, report.outcomes(ImportOutcome.Added.class).size(), "added");
    count(counts, report.outcomes(ImportOutcome.Updated.class).size(), "updated");
    count(counts, report.outcomes(ImportOutcome.Unchanged.class).size(), "unchanged");
    count(counts, report.outcomes(ImportOutcome.Skipped.class).size(), "skipped");
    count(counts, report.otherModules(), "for other modules");
    count(counts, report.problems().size(), "failed");
    out.println(counts.isEmpty() ? "No records." : String.join(", ", counts) + ".");
    if (!report.overlayWritten()) {
      out.println("Nothing changed in " + report.overlay() + ".");
    }
  }

  private static String describe(ImportOutcome outcome) {
    return switch (outcome) {
      case ImportOutcome.Added added ->
          "added      "
              + added.advisory().id()
              + aliases(added.advisory().aliases())
              + ": "
              + added.advisory().title();
      case ImportOutcome.Updated updated ->
          "updated    "
              + updated.after().id()
              + " from "
              + updated.osvId()
              + ": "
              + String.join("; ", updated.changes());
      case ImportOutcome.Unchanged unchanged ->
          "unchanged  "
              + unchanged.advisoryId()
              + (unchanged.advisoryId().equals(unchanged.osvId())
                  ? ""
                  : " (" + unchanged.osvId() + ")");
      case ImportOutcome.Skipped skipped ->
          "skipped    " + skipped.osvId() + ": " + skipped.reason();
    };
  }

  private static String aliases(List<String> aliases) {
    return aliases.isEmpty() ? "" : " (" + String.join(", ", aliases) + ")";
  }

  private static void count(List<String> counts, int count, String what) {
    if (count > 0) {
      counts.add(count + " " + what);
    }
  }
}
