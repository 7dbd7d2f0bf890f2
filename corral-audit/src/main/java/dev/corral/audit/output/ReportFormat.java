package dev.corral.audit.output;

import dev.corral.audit.check.AuditReport;

/** How a report is written: for people, for scripts, for code-scanning dashboards. */
public enum ReportFormat {
  TEXT,
  JSON,
  SARIF;

  /** Renders the report in this format. */
  public String render(AuditReport report) {
    return switch (this) {
      case TEXT -> TextReport.render(report);
      case JSON -> JsonReport.render(report);
      case SARIF -> SarifReport.render(report);
    };
  }
}
