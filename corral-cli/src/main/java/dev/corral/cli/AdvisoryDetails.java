package dev.corral.cli;

import dev.corral.core.vuln.Advisory;
import dev.corral.core.vuln.Component;
import dev.corral.core.vuln.GatewayRule;
import dev.corral.core.vuln.OsvOrigin;
import dev.corral.core.vuln.SeveritySource;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** One advisory in full, for {@code corral vulns show}: labelled facts, then wrapped prose. */
final class AdvisoryDetails {
  private static final int WIDTH = 88;

  private AdvisoryDetails() {}

  static void print(Advisory advisory, PrintWriter out) {
    out.println(advisory.id() + ": " + advisory.title());
    out.println();
    fact(out, "Aliases", AdvisoryCells.aliases(advisory));
    fact(
        out,
        "Component",
        advisory.component().id()
            + (advisory.component() == Component.SERVER
                ? " (the HTTP API)"
                : " (client side, not the HTTP API)"));
    fact(out, "Severity", severity(advisory));
    fact(out, "CVSS", advisory.cvss().map(AdvisoryCells::cvssInFull).orElse("none published"));
    fact(out, "Affected", advisory.affected().toString());
    fact(out, "Fixed in", AdvisoryCells.fixed(advisory));
    fact(
        out,
        "Endpoints",
        advisory.endpoints().isEmpty() ? "-" : String.join(", ", advisory.endpoints()));
    advisory.importedFrom().ifPresent(origin -> fact(out, "Versions from", origin(origin)));
    mitigations(advisory, out);
    section(out, "Summary", advisory.summary());
    section(out, "Attack", advisory.attack());
    if (!advisory.notes().isBlank()) {
      section(out, "Notes", advisory.notes());
    }
    out.println();
    out.println("References");
    advisory.references().forEach(url -> out.println("  " + url));
  }

  private static String severity(Advisory advisory) {
    String why =
        switch (advisory.severitySource()) {
          case CVSS -> "from the CVSS score";
          case CORRAL -> "corral's judgment, see the notes";
          case NONE -> "not rated";
        };
    return advisory.severity().id()
        + (advisory.severitySource() == SeveritySource.NONE ? "" : " (" + why + ")");
  }

  private static String origin(OsvOrigin origin) {
    List<String> about = new ArrayList<>();
    if (origin.modified() != null) {
      about.add("modified " + origin.modified());
    }
    if (origin.reviewStatus() != null) {
      about.add(origin.reviewStatus());
    }
    return "OSV "
        + origin.osvId()
        + (about.isEmpty() ? "" : " (" + String.join(", ", about) + ")")
        + ", imported";
  }

  private static void mitigations(Advisory advisory, PrintWriter out) {
    if (advisory.mitigations().isEmpty()) {
      fact(out, "Mitigated by", "no gateway rule: " + advisory.component().id() + " flaw");
      return;
    }
    String label = "Mitigated by";
    for (GatewayRule rule : advisory.mitigations()) {
      fact(out, label, rule.id() + ": " + rule.description());
      label = "";
    }
  }

  private static void fact(PrintWriter out, String label, String value) {
    out.println(("  " + label + " ".repeat(14 - label.length()) + value).stripTrailing());
  }

  private static void section(PrintWriter out, String heading, String text) {
    out.println();
    out.println(heading);
    wrap(text, WIDTH - 2).forEach(line -> out.println("  " + line));
  }

  /** Breaks text into lines of at most {@code width} characters, at spaces where possible. */
  static List<String> wrap(String text, int width) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.strip().split("\\s+", -1)) {
      if (!line.isEmpty() && line.length() + 1 + word.length() > width) {
        lines.add(line.toString());
        line.setLength(0);
      }
      if (!line.isEmpty()) {
        line.append(' ');
      }
      line.append(word);
    }
    if (!line.isEmpty()) {
      lines.add(line.toString());
    }
    return lines;
  }
}
