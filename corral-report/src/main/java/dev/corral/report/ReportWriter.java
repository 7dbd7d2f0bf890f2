package dev.corral.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/** Writes a {@link Summary} as Markdown or JSON. */
public final class ReportWriter {
  private ReportWriter() {}

  /**
   * Writes {@code summary} in {@code format} ({@link ReportFormat#MD} or {@link ReportFormat#JSON})
   * with the default table lengths. {@code out} is flushed, not closed.
   *
   * @throws ReportException for CSV and SARIF, which list hosts and are written from the records
   *     ({@link Report#write(RecordSource, ReportOptions, Writer)})
   */
  public static void write(Summary summary, ReportFormat format, Writer out) {
    write(summary, ReportOptions.defaults().withFormat(format), out);
  }

  /** Like {@link #write(Summary, ReportFormat, Writer)}, with the options' format and lengths. */
  public static void write(Summary summary, ReportOptions options, Writer out) {
    try {
      switch (options.format()) {
        case MD -> SummaryMarkdown.write(summary, options.top(), out);
        case JSON -> SummaryJson.write(summary, out);
        case CSV, SARIF ->
            throw new ReportException(
                "a summary is written as md or json; "
                    + options.format().id()
                    + " lists hosts and is written from the records");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
