package dev.corral.report;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The output formats of {@code corral report}. */
public enum ReportFormat {
  /** Markdown tables shaped like the published studies', for pasting into an issue. */
  MD("md"),
  /** One JSON object with a stable key order, for scripts and dashboards. */
  JSON("json"),
  /** One row per host, the record's flat fields, for spreadsheets. */
  CSV("csv"),
  /** SARIF 2.1.0, one result per finding on an exposed host, for CI code scanning. */
  SARIF("sarif");

  private final String id;

  ReportFormat(String id) {
    this.id = id;
  }

  /** The name used on the command line. */
  public String id() {
    return id;
  }

  /** True for the formats that list hosts one by one (CSV, SARIF) rather than tabulate them. */
  public boolean perHost() {
    return this == CSV || this == SARIF;
  }

  /**
   * The format named {@code name} ({@code md}, {@code json}, {@code csv}, {@code sarif}; {@code
   * markdown} also works), ignoring case.
   *
   * @throws ReportException naming the formats when there is no such format
   */
  public static ReportFormat parse(String name) {
    String wanted = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
    if (wanted.equals("markdown")) {
      return MD;
    }
    for (ReportFormat format : values()) {
      if (format.id.equals(wanted)) {
        return format;
      }
    }
    throw new ReportException(
        "unknown report format '"
            + name
            + "': use "
            + Arrays.stream(values()).map(ReportFormat::id).collect(Collectors.joining(", ")));
  }
}
