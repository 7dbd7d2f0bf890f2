package dev.corral.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.corral.core.scan.HostRecord;
import dev.corral.core.scan.Risk;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class SarifTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  static JsonNode sarif(RecordSource in) throws Exception {
    StringWriter out = new StringWriter();
    Report.write(
        in, ReportOptions.defaults().withFormat(ReportFormat.SARIF).withToolVersion("0.1.0"), out);
    JsonNode log = MAPPER.readTree(out.toString());
    SarifShape.check(log);
    return log;
  }

  private static JsonNode sample() throws Exception {
    try (RecordSource in = RecordSource.of(Sample.records().stream(), "sample")) {
      return sarif(in);
    }
  }

  private static List<String> ruleIds(JsonNode log) {
    List<String> ids = new ArrayList<>();
    log.at("/runs/0/results").forEach(r -> ids.add(r.get("ruleId").asText()));
    return ids;
  }

  @Test
  void aValidSarif210Log() throws Exception {
    JsonNode log = sample();
    assertThat(log.get("version").asText()).isEqualTo("2.1.0");
    assertThat(log.get("$schema").asText()).endsWith("sarif-schema-2.1.0.json");
    assertThat(log.at("/runs/0/tool/driver/name").asText()).isEqualTo("corral");
    assertThat(log.at("/runs/0/tool/driver/version").asText()).isEqualTo("0.1.0");
  }

  @Test
  void oneExposedResultPerExposedServerPlusItsFindings() throws Exception {
    List<String> ids = ruleIds(sample());
    assertThat(ids.stream().filter(HostSarif.EXPOSED::equals)).hasSize(8);
    assertThat(ids)
        .containsExactly(
            "corral/exposed-ollama",
            "corral/exposed-ollama",
            "corral/exposed-ollama",
            "corral/cve/CVE-2024-37032",
            "corral/exposed-ollama",
            "corral/cors-any-origin",
            "corral/cve/CVE-2024-39720",
            "corral/exposed-ollama",
            "corral/exposed-ollama",
            "corral/exposed-ollama",
            "corral/exposed-ollama");
  }

  @Test
  void levelsFollowRiskAndSeverity() throws Exception {
    JsonNode results = sample().at("/runs/0/results");
    assertThat(results.get(0).get("level").asText()).as("critical risk").isEqualTo("error");
    assertThat(results.get(1).get("level").asText()).as("high risk").isEqualTo("error");
    assertThat(results.get(5).get("level").asText()).as("cors").isEqualTo("warning");
    HostRecord low = Host.exposed("192.0.2.50").risk(Risk.LOW).record();
    HostRecord medium = Host.exposed("192.0.2.51").risk(Risk.MEDIUM).record();
    try (RecordSource in = RecordSource.of(Stream.of(low, medium), "levels")) {
      JsonNode log = sarif(in);
      assertThat(log.at("/runs/0/results/0/level").asText()).isEqualTo("note");
      assertThat(log.at("/runs/0/results/1/level").asText()).isEqualTo("warning");
    }
  }

  @Test
  void theLocationIsTheServersUrl() throws Exception {
    JsonNode first = sample().at("/runs/0/results/0");
    assertThat(first.at("/locations/0/physicalLocation/artifactLocation/uri").asText())
        .isEqualTo("http://203.0.113.1:11434/");
    assertThat(first.at("/locations/0/logicalLocations/0/name").asText())
        .isEqualTo("203.0.113.1:11434");
    assertThat(first.at("/locations/0/logicalLocations/0/kind").asText()).isEqualTo("resource");
    assertThat(first.at("/partialFingerprints/corralFinding~1v1").asText())
        .isEqualTo("corral/exposed-ollama http://203.0.113.1:11434");
    assertThat(first.at("/message/text").asText())
        .contains("Ollama 0.6.0 at http://203.0.113.1:11434/ answers without authentication")
        .contains("llama3.2:latest")
        .contains("CVE-2025-63389");
  }

  @Test
  void ipv6AndHttpsHostsGetValidUris() throws Exception {
    HostRecord v6 = Host.exposed("2001:db8::7").scheme("https").port(443).record();
    try (RecordSource in = RecordSource.of(Stream.of(v6), "v6")) {
      assertThat(
              sarif(in)
                  .at("/runs/0/results/0/locations/0/physicalLocation/artifactLocation/uri")
                  .asText())
          .isEqualTo("https://[2001:db8::7]:443/");
    }
  }

  @Test
  void hiddenVersionsNamePossibleAdvisoriesWithoutResultsOfTheirOwn() throws Exception {
    JsonNode hidden = sample().at("/runs/0/results/4");
    assertThat(hidden.get("ruleId").asText()).isEqualTo(HostSarif.EXPOSED);
    assertThat(hidden.at("/message/text").asText())
        .contains("version hidden, >=0.1.34 <0.1.38")
        .contains("possibly affected by CVE-2024-37032");
    assertThat(hidden.at("/properties/possibleAdvisories/0").asText()).isEqualTo("CVE-2024-37032");
  }

  @Test
  void everyRuleReferencedIsDeclaredWithASecuritySeverity() throws Exception {
    JsonNode log = sample();
    for (JsonNode rule : log.at("/runs/0/tool/driver/rules")) {
      assertThat(Double.parseDouble(rule.at("/properties/security-severity").asText()))
          .isBetween(0.0, 10.0);
    }
    for (JsonNode result : log.at("/runs/0/results")) {
      assertThat(result.has("ruleIndex")).as(result.get("ruleId").asText()).isTrue();
    }
  }

  @Test
  void skippedInputLinesBecomeNotifications() throws Exception {
    String jsonl =
        "{not json\n" + dev.corral.core.scan.HostRecordJson.line(Sample.records().get(0)) + "\n";
    try (RecordSource in =
        RecordSource.jsonl(
            new ByteArrayInputStream(jsonl.getBytes(StandardCharsets.UTF_8)),
            "in.jsonl",
            p -> {})) {
      JsonNode log = sarif(in);
      assertThat(log.at("/runs/0/invocations/0/toolExecutionNotifications/0/message/text").asText())
          .startsWith("in.jsonl, line 1: not JSON");
      assertThat(log.at("/runs/0/properties/badLines").asLong()).isEqualTo(1);
      assertThat(log.at("/runs/0/results")).hasSize(1);
    }
  }

  @Test
  void noExposedServersIsAnEmptyResultList() throws Exception {
    try (RecordSource in =
        RecordSource.of(Stream.of(Host.fenced("192.0.2.60").record()), "fenced")) {
      JsonNode log = sarif(in);
      assertThat(log.at("/runs/0/results")).isEmpty();
      assertThat(log.at("/runs/0/properties/records").asLong()).isEqualTo(1);
    }
  }
}
