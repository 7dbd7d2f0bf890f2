package dev.corral.audit.output;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.corral.audit.check.AuditReport;
import dev.corral.audit.check.Check;
import dev.corral.audit.check.Severity;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportFormatTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Check EXPOSED =
      new Check(
          "local.listen-all-interfaces", "Loopback only", Severity.CRITICAL, "bind 127.0.0.1");
  private static final Check STALE =
      new Check("local.stale-models", "No stale models", Severity.LOW, "ollama rm X");
  private static final Check ROOT =
      new Check("local.runs-as-root", "Not root", Severity.MEDIUM, "User=ollama");

  private static AuditReport report() {
    return new AuditReport(
        "local:/srv/root",
        List.of(
            ROOT.pass("uid 998"),
            EXPOSED.fail("0.0.0.0:11434"),
            STALE.warn("llama2:latest unused"),
            new Check("local.firewall", "fw", Severity.MEDIUM, "nft").skip("no rules")));
  }

  @Test
  void jsonHasExactlyTheDocumentedShape() throws Exception {
    JsonNode root = MAPPER.readTree(ReportFormat.JSON.render(report()));
    List<String> fields = new ArrayList<>();
    root.fieldNames().forEachRemaining(fields::add);
    assertThat(fields).containsExactly("target", "score", "checks");
    assertThat(root.get("target").asText()).isEqualTo("local:/srv/root");
    assertThat(root.get("score").asInt()).isBetween(0, 100);
    JsonNode first = root.get("checks").get(0);
    List<String> checkFields = new ArrayList<>();
    first.fieldNames().forEachRemaining(checkFields::add);
    assertThat(checkFields)
        .containsExactly("id", "title", "severity", "status", "evidence", "remediation");
    assertThat(first.get("id").asText()).isEqualTo("local.listen-all-interfaces");
    assertThat(first.get("severity").asText()).isEqualTo("critical");
    assertThat(first.get("status").asText()).isEqualTo("fail");
    assertThat(first.get("remediation").asText()).isEqualTo("bind 127.0.0.1");
    assertThat(root.get("checks"))
        .extracting(c -> c.get("status").asText())
        .containsExactly("fail", "warn", "pass", "skip");
  }

  @Test
  void sarifHasOneRulePerCheckAndResultsForFailuresAndWarnings() throws Exception {
    JsonNode root = MAPPER.readTree(ReportFormat.SARIF.render(report()));
    assertThat(root.get("version").asText()).isEqualTo("2.1.0");
    assertThat(root.get("$schema").asText()).contains("sarif-2.1.0");
    JsonNode run = root.get("runs").get(0);
    assertThat(run.at("/tool/driver/name").asText()).isEqualTo("corral-audit");
    assertThat(run.at("/tool/driver/rules")).hasSize(4);
    JsonNode results = run.get("results");
    assertThat(results).hasSize(2);
    assertThat(results.get(0).get("ruleId").asText()).isEqualTo("local.listen-all-interfaces");
    assertThat(results.get(0).get("level").asText()).isEqualTo("error");
    assertThat(results.get(1).get("level").asText()).isEqualTo("warning");
    int index = results.get(0).get("ruleIndex").asInt();
    assertThat(run.at("/tool/driver/rules").get(index).get("id").asText())
        .isEqualTo("local.listen-all-interfaces");
    assertThat(results.get(0).at("/message/text").asText())
        .contains("0.0.0.0:11434")
        .contains("Fix: bind 127.0.0.1");
    assertThat(run.at("/properties/score").asInt()).isEqualTo(report().score());
  }

  @Test
  void sarifResultsPointAtTheFileTheyAreAbout() throws Exception {
    AuditReport r =
        new AuditReport(
            "deploy/compose.yml, local:/",
            List.of(
                EXPOSED.fail("0.0.0.0:11434"),
                ROOT.fail("no user").at("deploy/compose.yml").about("ollama")));
    JsonNode results = MAPPER.readTree(ReportFormat.SARIF.render(r)).at("/runs/0/results");
    List<String> uris = new ArrayList<>();
    results.forEach(
        x -> uris.add(x.at("/locations/0/physicalLocation/artifactLocation/uri").asText()));
    assertThat(uris).containsExactlyInAnyOrder("deploy/compose.yml", "deploy/compose.yml");
    AuditReport remote =
        new AuditReport("http://127.0.0.1:1", List.of(EXPOSED.fail("x").at("http://127.0.0.1:1")));
    assertThat(
            MAPPER
                .readTree(ReportFormat.SARIF.render(remote))
                .at("/runs/0/results/0/locations/0/physicalLocation/artifactLocation/uri")
                .asText())
        .isEqualTo("http://127.0.0.1:1");
  }

  @Test
  void textPutsFailuresFirstWithTheirFix() {
    String text = ReportFormat.TEXT.render(report());
    assertThat(text).contains("Score: " + report().score() + "/100");
    assertThat(text.indexOf("FAILED")).isLessThan(text.indexOf("WARNINGS"));
    assertThat(text.indexOf("WARNINGS")).isLessThan(text.indexOf("PASSED"));
    assertThat(text).contains("fix: bind 127.0.0.1");
    // Passed checks carry no fix line.
    assertThat(text).doesNotContain("fix: User=ollama");
  }
}
