package dev.corral.audit.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.corral.audit.check.AuditReport;
import dev.corral.audit.check.Finding;
import dev.corral.audit.check.Severity;
import dev.corral.audit.check.Status;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The report as SARIF 2.1.0: one rule per check id, one result per failed or warned check (passes
 * and skips are not alerts). The score travels in the run's properties.
 */
public final class SarifReport {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

  private SarifReport() {}

  public static ObjectNode tree(AuditReport report) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("$schema", SCHEMA);
    root.put("version", "2.1.0");
    ObjectNode run = root.putArray("runs").addObject();
    ObjectNode driver = run.putObject("tool").putObject("driver");
    driver.put("name", "corral-audit");
    driver.put("informationUri", "https://github.com/corral-dev/corral/blob/main/docs/checks.md");
    ArrayNode rules = driver.putArray("rules");
    Map<String, Integer> ruleIndex = new LinkedHashMap<>();
    for (Finding f : report.findings()) {
      if (ruleIndex.containsKey(f.id())) {
        continue;
      }
      ruleIndex.put(f.id(), ruleIndex.size());
      ObjectNode rule = rules.addObject();
      rule.put("id", f.id());
      rule.putObject("shortDescription").put("text", f.check().title());
      rule.putObject("help").put("text", f.check().remediation());
      rule.putObject("defaultConfiguration").put("level", level(f.severity()));
      ObjectNode props = rule.putObject("properties");
      props.put("security-severity", securitySeverity(f.severity()));
      props.putArray("tags").add("security").add("ollama");
    }
    ArrayNode results = run.putArray("results");
    for (Finding f : report.findings()) {
      if (f.status() != Status.FAIL && f.status() != Status.WARN) {
        continue;
      }
      ObjectNode r = results.addObject();
      r.put("ruleId", f.id());
      r.put("ruleIndex", ruleIndex.get(f.id()));
      r.put("level", f.status() == Status.WARN ? "warning" : level(f.severity()));
      r.putObject("message")
          .put(
              "text", f.evidence() + (f.remediation().isEmpty() ? "" : " Fix: " + f.remediation()));
      ObjectNode location =
          r.putArray("locations")
              .addObject()
              .putObject("physicalLocation")
              .putObject("artifactLocation");
      location.put("uri", artifact(f.location().isEmpty() ? report.target() : f.location()));
      r.putObject("properties").put("severity", f.severity().id());
    }
    ObjectNode props = run.putObject("properties");
    props.put("target", report.target());
    props.put("score", report.score());
    return root;
  }

  /** A URI for the audited target: code scanning needs one per result. */
  private static String artifact(String target) {
    String first = target.split(", ")[0];
    if (first.contains("://")) {
      return first;
    }
    return first.replaceFirst("^/+", "").replace(' ', '_');
  }

  static String level(Severity s) {
    return switch (s) {
      case CRITICAL, HIGH -> "error";
      case MEDIUM -> "warning";
      case LOW, INFO -> "note";
    };
  }

  /** GitHub code scanning reads this 0-10 number to rank security alerts. */
  static String securitySeverity(Severity s) {
    return switch (s) {
      case CRITICAL -> "9.5";
      case HIGH -> "8.0";
      case MEDIUM -> "5.5";
      case LOW -> "3.0";
      case INFO -> "0.0";
    };
  }

  public static String render(AuditReport report) {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(tree(report))
          + System.lineSeparator();
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
