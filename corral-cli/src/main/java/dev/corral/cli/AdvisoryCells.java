package dev.corral.cli;

import dev.corral.core.version.OllamaVersion;
import dev.corral.core.vuln.Advisory;
import dev.corral.core.vuln.Cvss;
import dev.corral.core.vuln.FixStatus;
import dev.corral.core.vuln.GatewayRule;
import java.util.Locale;
import java.util.stream.Collectors;

/** How advisory fields read in corral's text output, the same in every listing. */
final class AdvisoryCells {
  private AdvisoryCells() {}

  static String fixed(Advisory advisory) {
    return advisory
        .fixed()
        .map(OllamaVersion::toString)
        .orElse(advisory.fixStatus() == FixStatus.NO_FIX_UPSTREAM ? "no fix upstream" : "unknown");
  }

  static String cvss(Advisory advisory) {
    return advisory.cvss().map(c -> String.format(Locale.ROOT, "%.1f", c.score())).orElse("-");
  }

  static String aliases(Advisory advisory) {
    return advisory.aliases().isEmpty() ? "-" : String.join(", ", advisory.aliases());
  }

  /** The rule ids, or why there are none: a client-side flaw no gateway can reach. */
  static String mitigations(Advisory advisory) {
    if (advisory.mitigations().isEmpty()) {
      return "none (" + advisory.component().id() + ")";
    }
    return advisory.mitigations().stream().map(GatewayRule::id).collect(Collectors.joining(", "));
  }

  static String cvssInFull(Cvss cvss) {
    StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%.1f", cvss.score()));
    if (cvss.version() != null) {
      text.append(" (CVSS ").append(cvss.version()).append(')');
    }
    if (cvss.vector() != null) {
      text.append(' ').append(cvss.vector());
    }
    return text.append(", from ").append(cvss.source()).toString();
  }
}
