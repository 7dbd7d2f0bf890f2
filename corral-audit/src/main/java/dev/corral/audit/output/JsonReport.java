package dev.corral.audit.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.corral.audit.check.AuditReport;
import dev.corral.audit.check.Finding;
import java.io.UncheckedIOException;

/**
 * The report as JSON, exactly {@code {target, score, checks:[{id, title, severity, status,
 * evidence, remediation}]}}: a published format, so fields are never renamed.
 */
public final class JsonReport {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonReport() {}

  public static ObjectNode tree(AuditReport report) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("target", report.target());
    root.put("score", report.score());
    ArrayNode checks = root.putArray("checks");
    for (Finding f : report.findings()) {
      ObjectNode c = checks.addObject();
      c.put("id", f.id());
      c.put("title", f.check().title());
      c.put("severity", f.severity().id());
      c.put("status", f.status().id());
      c.put("evidence", f.evidence());
      c.put("remediation", f.remediation());
    }
    return root;
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
