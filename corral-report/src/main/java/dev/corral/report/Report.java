package dev.corral.report;

import dev.corral.core.scan.HostRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Iterator;
import java.util.stream.Stream;

/**
 * {@code corral report}: scan results as the tables the published studies print, or per-host
 * exports. Every entry point reads its records once, as a stream, and keeps only counters: a JSON
 * Lines file or a stored scan of millions of hosts needs no more memory than one of a thousand.
 *
 * <p>What the CLI calls:
 *
 * <pre>{@code
 * ReportOptions options = ReportOptions.defaults()
 *     .withFormat(ReportFormat.parse(format))       // --format md|json|csv|sarif
 *     .withTop(top)                                 // --top N
 *     .withAdvisories(AdvisoryDatabase.load(overlay))
 *     .withToolVersion(version);
 * // --in FILE (or -)                              // --db URL [--scan ID]
 * try (RecordSource in = RecordSource.jsonl(file, p -> err.println(file + ": " + p))) {
 *   Report.write(in, options, out);
 * }
 * try (Store store = Store.open(db); RecordSource in = scanId == null
 *     ? RecordSource.latestScan(store) : RecordSource.scan(store, scanId)) {
 *   Report.write(in, options, out);
 * }
 * // --diff [OLDER NEWER], --history N
 * DiffReport.latest(store).write(options, out);
 * DiffReport.between(store, older, newer).write(options, out);
 * Persistence.lastScans(store, n).write(options, out);
 * }</pre>
 *
 * <h2>{@code corral report --help}</h2>
 *
 * <pre>
 * Usage: corral report [--in FILE | --db LOCATION [--scan ID]] [--format FORMAT]
 *                      [--top N] [--out FILE]
 *        corral report --diff [OLDER NEWER] [--db LOCATION] [--format md|json]
 *        corral report --history N [--db LOCATION] [--format md|json]
 *
 * Turn scan results into the tables published studies print (exposed servers,
 * countries, versions, advisories, models, quantization), export them host by
 * host, or compare saved scans.
 *
 * Input (one of):
 *   --in FILE          JSON Lines from corral scan; gzip is recognised by content;
 *                      - reads standard input. Lines that are not host records
 *                      are skipped, reported on standard error with their line
 *                      number, and counted in the report.
 *   --db LOCATION      the scan store (an SQLite file or jdbc:postgresql:// URL);
 *                      default: corral.db in the data directory.
 *   --scan ID          the stored scan to report (default: the latest).
 *
 * Output:
 *   --format FORMAT    md (default): Markdown tables to paste into an issue.
 *                      json: one object, stable keys, percentages with one
 *                      decimal.
 *                      csv: one row per host, for spreadsheets.
 *                      sarif: SARIF 2.1.0, one result per finding on an exposed
 *                      server, for CI code scanning.
 *   --top N            rows per ranked table (countries, versions, models);
 *                      default 20. JSON lists every country and version.
 *   --out FILE         write there instead of standard output.
 *
 * Comparing scans (store only; md or json):
 *   --diff [OLDER NEWER]  new, gone and changed Ollama servers between two scans
 *                      (default: the two latest), with what changed.
 *   --history N        persistent and transient exposed servers across the last
 *                      N scans: how many were seen in every scan, how many once.
 *   --max-rows N       hosts listed per diff section in Markdown; default 500.
 *
 * Percentages are of exposed servers (an Ollama API answering without
 * authentication) unless a table says otherwise. Exit status: 0 written,
 * 1 input or store unreadable, 2 bad option.
 * </pre>
 */
public final class Report {
  private Report() {}

  /** Summarises records with the default options; the source is called "stream". */
  public static Summary summary(Stream<HostRecord> records) {
    return summary(RecordSource.of(records, "stream"), ReportOptions.defaults());
  }

  /** Summarises a source's records in one pass; the source's skipped lines are included. */
  public static Summary summary(RecordSource source, ReportOptions options) {
    SummaryBuilder builder = new SummaryBuilder(options.top(), options.advisories());
    try (Stream<HostRecord> records = source.records()) {
      Iterator<HostRecord> it = records.iterator();
      while (it.hasNext()) {
        builder.accept(it.next());
      }
    }
    return builder.build(source.info(), source.problems());
  }

  /**
   * Writes a source's report in the options' format, reading the records once: md and json
   * summarise them, csv and sarif list them host by host as they come. {@code out} is flushed, not
   * closed.
   *
   * @throws ReportException when the input cannot be read
   * @throws UncheckedIOException when {@code out} cannot be written
   */
  public static void write(RecordSource source, ReportOptions options, Writer out) {
    try {
      switch (options.format()) {
        case MD, JSON -> ReportWriter.write(summary(source, options), options, out);
        case CSV -> {
          try (Stream<HostRecord> records = source.records()) {
            HostCsv.write(records, out);
          }
        }
        case SARIF -> {
          try (Stream<HostRecord> records = source.records()) {
            HostSarif.write(records, options, source.info(), source::problems, out);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
