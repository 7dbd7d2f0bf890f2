package dev.corral.report;

import dev.corral.core.vuln.AdvisoryDatabase;
import java.util.Objects;

/**
 * How a report is written. Start from {@link #defaults()} and change what the command line set.
 *
 * @param format md, json, csv or sarif
 * @param top rows kept in the ranked Markdown tables (countries, versions, models, families); JSON
 *     always has every country, version and advisory, and this many models and families
 * @param maxRows hosts listed per section of a Markdown diff before "and N more"
 * @param advisories where advisory titles and SARIF rule texts come from; the CLI passes the
 *     built-in data with the user's imported overlay
 * @param toolVersion corral's version, written into SARIF's {@code tool.driver.version}
 */
public record ReportOptions(
    ReportFormat format, int top, int maxRows, AdvisoryDatabase advisories, String toolVersion) {

  /** Ranked tables keep this many rows unless told otherwise. */
  public static final int DEFAULT_TOP = 20;

  /** A Markdown diff lists this many hosts per section unless told otherwise. */
  public static final int DEFAULT_MAX_ROWS = 500;

  public ReportOptions {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(advisories, "advisories");
    Objects.requireNonNull(toolVersion, "toolVersion");
    if (top < 1) {
      throw new ReportException("--top must be at least 1, not " + top);
    }
    if (maxRows < 0) {
      throw new ReportException("--max-rows must not be negative, not " + maxRows);
    }
  }

  /** Markdown, 20 rows per table, 500 hosts per diff section, the built-in advisories. */
  public static ReportOptions defaults() {
    return new ReportOptions(
        ReportFormat.MD,
        DEFAULT_TOP,
        DEFAULT_MAX_ROWS,
        AdvisoryDatabase.builtin(),
        implementationVersion());
  }

  public ReportOptions withFormat(ReportFormat newFormat) {
    return new ReportOptions(newFormat, top, maxRows, advisories, toolVersion);
  }

  public ReportOptions withTop(int newTop) {
    return new ReportOptions(format, newTop, maxRows, advisories, toolVersion);
  }

  public ReportOptions withMaxRows(int newMaxRows) {
    return new ReportOptions(format, top, newMaxRows, advisories, toolVersion);
  }

  public ReportOptions withAdvisories(AdvisoryDatabase newAdvisories) {
    return new ReportOptions(format, top, maxRows, newAdvisories, toolVersion);
  }

  public ReportOptions withToolVersion(String newToolVersion) {
    return new ReportOptions(format, top, maxRows, advisories, newToolVersion);
  }

  private static String implementationVersion() {
    String version = ReportOptions.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }
}
