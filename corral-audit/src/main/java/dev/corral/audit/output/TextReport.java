package dev.corral.audit.output;

import dev.corral.audit.check.AuditReport;
import dev.corral.audit.check.Finding;
import dev.corral.audit.check.Status;
import java.util.List;
import java.util.Locale;

/**
 * The report for people: a summary line with the score, then the checks grouped by outcome,
 * failures first, the worst first, each failure with its exact fix.
 */
public final class TextReport {
  private TextReport() {}

  public static String render(AuditReport report) {
    StringBuilder out = new StringBuilder();
    String nl = System.lineSeparator();
    out.append("corral audit: ").append(report.target()).append(nl);
    out.append("Score: ")
        .append(report.score())
        .append("/100  (")
        .append(report.count(Status.FAIL))
        .append(" failed, ")
        .append(report.count(Status.WARN))
        .append(" warnings, ")
        .append(report.count(Status.PASS))
        .append(" passed, ")
        .append(report.count(Status.SKIP))
        .append(" skipped)")
        .append(nl);
    for (Status status : Status.values()) {
      List<Finding> group = report.findings().stream().filter(f -> f.status() == status).toList();
      if (group.isEmpty()) {
        continue;
      }
      out.append(nl).append(heading(status)).append(nl);
      for (Finding f : group) {
        out.append("  ")
            .append(marker(status))
            .append(' ')
            .append(String.format(Locale.ROOT, "%-8s", f.severity().id().toUpperCase(Locale.ROOT)))
            .append(' ')
            .append(f.id())
            .append("  ")
            .append(f.check().title())
            .append(nl);
        if (!f.evidence().isEmpty()) {
          out.append("      ").append(f.evidence()).append(nl);
        }
        if ((status == Status.FAIL || status == Status.WARN) && !f.remediation().isEmpty()) {
          out.append("      fix: ").append(f.remediation()).append(nl);
        }
      }
    }
    return out.toString();
  }

  private static String heading(Status status) {
    return switch (status) {
      case FAIL -> "FAILED";
      case WARN -> "WARNINGS";
      case PASS -> "PASSED";
      case SKIP -> "SKIPPED (not enough to go on)";
    };
  }

  private static String marker(Status status) {
    return switch (status) {
      case FAIL -> "✗";
      case WARN -> "!";
      case PASS -> "✓";
      case SKIP -> "-";
    };
  }
}
