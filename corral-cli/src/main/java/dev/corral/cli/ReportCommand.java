package dev.corral.cli;

import dev.corral.core.vuln.AdvisoryDatabase;
import dev.corral.report.DiffReport;
import dev.corral.report.Persistence;
import dev.corral.report.RecordSource;
import dev.corral.report.Report;
import dev.corral.report.ReportException;
import dev.corral.report.ReportFormat;
import dev.corral.report.ReportOptions;
import dev.corral.store.DataDirectory;
import dev.corral.store.Store;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code corral report}: scan results as study tables, per-host exports, or scan comparisons. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    versionProvider = CorralCommand.Version.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Turn scan results into the tables published studies print (exposed servers, countries,",
      "versions, advisories, models, quantization), export them host by host, or compare saved",
      "scans. Percentages are of exposed servers unless a table says otherwise."
    },
    footer = {
      "",
      "Examples:",
      "  corral report --in out.jsonl                    # Markdown tables",
      "  corral report --in out.jsonl --format json      # machine-readable summary",
      "  corral report --format sarif --out scan.sarif   # latest stored scan, for code scanning",
      "  corral report --diff                            # the two latest stored scans",
      "  corral report --history 10                      # persistent vs transient servers",
      "",
      "Exit status: 0 written, 1 input or store unreadable, 2 bad option."
    })
final class ReportCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--in",
      paramLabel = "FILE",
      description =
          "JSON Lines from corral scan (gzip recognised; - for standard input). Bad lines are"
              + " skipped and reported with their line number.")
  String in;

  @Option(
      names = "--db",
      paramLabel = "LOCATION",
      description =
          "The scan store: SQLite file or jdbc:postgresql:// URL (default: corral.db in the data directory).")
  String db;

  @Option(
      names = "--scan",
      paramLabel = "ID",
      description = "The stored scan to report (default: the latest).")
  Long scan;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "md",
      description = "md (default), json, csv (one row per host) or sarif (SARIF 2.1.0).")
  String format;

  @Option(
      names = "--top",
      paramLabel = "N",
      defaultValue = "20",
      description = "Rows per ranked table (default: ${DEFAULT-VALUE}).")
  int top;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "Write there instead of standard output.")
  Path out;

  @Option(
      names = "--diff",
      arity = "0..2",
      paramLabel = "ID",
      description =
          "Compare two stored scans (default: the two latest): new, gone and changed Ollama servers.")
  List<Long> diff;

  @Option(
      names = "--history",
      paramLabel = "N",
      description = "Persistent and transient exposed servers across the last N stored scans.")
  Integer history;

  @Option(
      names = "--max-rows",
      paramLabel = "N",
      defaultValue = "500",
      description = "Hosts listed per diff section in Markdown (default: ${DEFAULT-VALUE}).")
  int maxRows;

  @Mixin DataDirOption dataDir;

  @Override
  public Integer call() throws IOException {
    ReportFormat reportFormat;
    try {
      reportFormat = ReportFormat.parse(format);
    } catch (ReportException e) {
      throw usage("--format: " + e.getMessage());
    }
    if (in != null && (db != null || scan != null)) {
      throw usage("give --in or --db/--scan, not both");
    }
    if (diff != null && history != null) {
      throw usage("give --diff or --history, not both");
    }
    if ((diff != null || history != null) && in != null) {
      throw usage("--diff and --history compare stored scans: use --db, not --in");
    }
    if (diff != null && diff.size() == 1) {
      throw usage("--diff takes no scan id (the two latest) or two: OLDER NEWER");
    }
    if (top < 1 || maxRows < 1 || (history != null && history < 2)) {
      throw usage("--top and --max-rows must be at least 1, --history at least 2");
    }
    ReportOptions options =
        ReportOptions.defaults()
            .withFormat(reportFormat)
            .withTop(top)
            .withMaxRows(maxRows)
            .withAdvisories(
                AdvisoryDatabase.load(
                    dataDir.dataDir().resolve(AdvisoryDatabase.OVERLAY_FILE_NAME)))
            .withToolVersion(CorralCommand.Version.current());
    PrintWriter err = spec.commandLine().getErr();
    try (Writer writer = openOut()) {
      if (in != null) {
        try (RecordSource source =
            "-".equals(in)
                ? RecordSource.jsonl(System.in, "-", p -> err.println("-: " + p))
                : RecordSource.jsonl(Path.of(in), p -> err.println(in + ": " + p))) {
          Report.write(source, options, writer);
        }
        return 0;
      }
      try (Store store = openStore()) {
        if (diff != null) {
          DiffReport report =
              diff.isEmpty()
                  ? DiffReport.latest(store)
                  : DiffReport.between(store, diff.get(0), diff.get(1));
          report.write(options, writer);
        } else if (history != null) {
          Persistence.lastScans(store, history).write(options, writer);
        } else {
          try (RecordSource source =
              scan == null ? RecordSource.latestScan(store) : RecordSource.scan(store, scan)) {
            Report.write(source, options, writer);
          }
        }
      }
      return 0;
    } catch (ReportException e) {
      throw new UserError(e.getMessage(), e);
    }
  }

  private Store openStore() {
    String location = db;
    if (location == null) {
      Path dir =
          spec.commandLine().getParseResult().hasMatchedOption("--data-dir")
              ? dataDir.dataDir()
              : DataDirectory.resolve(System.getenv(), System.getProperty("user.home"));
      Path file = dir.resolve(DataDirectory.DATABASE_FILE);
      if (!Files.exists(file)) {
        throw new UserError(
            "no stored scans at " + file + " (run corral scan first, or give --in FILE or --db)");
      }
      location = file.toString();
    }
    try {
      return Store.open(location);
    } catch (RuntimeException e) {
      throw new UserError(e.getMessage(), e);
    }
  }

  private Writer openOut() throws IOException {
    if (out == null) {
      return StandardOutput.of(spec.commandLine());
    }
    try {
      return Files.newBufferedWriter(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UserError("cannot write " + out + ": " + e.getMessage(), e);
    }
  }

  private picocli.CommandLine.ParameterException usage(String message) {
    return new picocli.CommandLine.ParameterException(spec.commandLine(), message);
  }
}
