package dev.corral.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryJsonTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  static String json(Summary summary) {
    StringWriter out = new StringWriter();
    ReportWriter.write(summary, ReportFormat.JSON, out);
    return out.toString();
  }

  private static JsonNode sample() throws Exception {
    return MAPPER.readTree(json(Report.summary(Sample.records().stream())));
  }

  /** "country:hosts:percent" per row, percent as written. */
  private static List<String> rows(JsonNode array, String key) {
    List<String> rows = new ArrayList<>();
    for (JsonNode row : array) {
      rows.add(row.get(key).asText() + ":" + row.get("hosts").asLong() + ":" + row.get("percent"));
    }
    return rows;
  }

  @Test
  void totals() throws Exception {
    JsonNode j = sample();
    assertThat(j.get("records").asLong()).isEqualTo(13);
    assertThat(j.get("total_open").asLong()).isEqualTo(11);
    assertThat(j.get("ollama").asLong()).isEqualTo(9);
    assertThat(j.get("exposed").asLong()).isEqualTo(8);
    assertThat(j.get("with_models").asLong()).isEqualTo(5);
    assertThat(j.get("with_models_percent").toString()).isEqualTo("62.5");
    assertThat(j.get("auth_required").asLong()).isEqualTo(1);
    assertThat(j.get("running").toString()).isEqualTo("{\"hosts\":1,\"percent\":12.5}");
    assertThat(j.get("openai_compatible").toString()).isEqualTo("{\"hosts\":7,\"percent\":87.5}");
    assertThat(j.get("cors_any_origin").toString()).isEqualTo("{\"hosts\":1,\"percent\":12.5}");
  }

  @Test
  void countriesAreSharesOfExposedWithUnknownLast() throws Exception {
    assertThat(rows(sample().get("by_country"), "country"))
        .containsExactly("US:4:50.0", "CN:2:25.0", "DE:1:12.5", "unknown:1:12.5");
  }

  @Test
  void versionsExactThenRangesByCountWithUnknownLast() throws Exception {
    JsonNode versions = sample().get("by_version");
    assertThat(rows(versions, "version"))
        .containsExactly(
            "0.6.0:4:50.0",
            "0.1.33:1:12.5",
            "0.5.7:1:12.5",
            ">=0.1.34 <0.1.38:1:12.5",
            "unknown:1:12.5");
    assertThat(versions.findValuesAsText("basis"))
        .containsExactly("exact", "exact", "exact", "range", "unknown");
  }

  @Test
  void advisoriesCountHostsOnceWithCertaintySplitAndTitles() throws Exception {
    JsonNode cves = sample().get("by_cve");
    assertThat(cves).hasSize(3);
    assertThat(cves.get(0).toString())
        .isEqualTo(
            "{\"id\":\"CVE-2025-63389\",\"title\":"
                + MAPPER.writeValueAsString(
                    dev.corral.core.vuln.AdvisoryDatabase.builtin()
                        .find("CVE-2025-63389")
                        .orElseThrow()
                        .title())
                + ",\"severity\":\"critical\",\"hosts\":4,\"certain\":4,\"possible\":0,"
                + "\"percent\":50.0}");
    assertThat(cves.get(1).get("id").asText()).isEqualTo("CVE-2024-37032");
    assertThat(cves.get(1).get("title").asText()).startsWith("Probllama");
    assertThat(cves.get(1).get("certain").asLong()).isEqualTo(1);
    assertThat(cves.get(1).get("possible").asLong()).isEqualTo(1);
    assertThat(cves.get(1).get("percent").toString()).isEqualTo("25.0");
    assertThat(cves.get(2).get("id").asText()).isEqualTo("CVE-2024-39720");
    assertThat(cves.get(2).get("severity").asText()).isEqualTo("high");
  }

  @Test
  void modelTablesAreSharesOfServersWithModels() throws Exception {
    JsonNode j = sample();
    assertThat(j.get("distinct_models").asLong()).isEqualTo(4);
    assertThat(rows(j.get("top_models"), "model"))
        .containsExactly(
            "llama3.2:latest:3:60.0",
            "deepseek-r1:8b:1:20.0",
            "nomic-embed-text:latest:1:20.0",
            "qwen2.5:7b:1:20.0");
    assertThat(j.get("distinct_families").asLong()).isEqualTo(3);
    assertThat(rows(j.get("families"), "family"))
        .containsExactly("llama:3:60.0", "qwen2:2:40.0", "nomic-bert:1:20.0");
    assertThat(rows(j.get("quantizations"), "quantization"))
        .containsExactly("Q4_K_M:3:60.0", "F16:1:20.0", "Q8_0:1:20.0");
    assertThat(rows(j.get("quantization_bits"), "bits"))
        .as("ties narrowest first")
        .containsExactly("4-bit:3:60.0", "8-bit:1:20.0", "16-bit:1:20.0");
    assertThat(j.get("with_capabilities").asLong()).isEqualTo(3);
    assertThat(rows(j.get("capabilities"), "capability"))
        .containsExactly(
            "completion:2:66.7", "embedding:1:33.3", "thinking:1:33.3", "tools:1:33.3");
  }

  @Test
  void productsAndRisk() throws Exception {
    JsonNode j = sample();
    assertThat(rows(j.get("products"), "product"))
        .containsExactly("ollama:9:81.8", "http:1:9.1", "open-webui:1:9.1");
    assertThat(rows(j.get("risk"), "risk"))
        .containsExactly(
            "critical:2:15.4", "high:6:46.2", "medium:1:7.7", "low:1:7.7", "none:3:23.1");
  }

  @Test
  void periodSourceAndInput() throws Exception {
    JsonNode j = sample();
    assertThat(j.get("period").toString())
        .isEqualTo(
            "{\"first_scanned_at\":\"2026-11-27T10:15:00Z\","
                + "\"last_scanned_at\":\"2026-11-27T11:02:00Z\"}");
    assertThat(j.get("source").toString()).isEqualTo("{\"kind\":\"stream\",\"name\":\"stream\"}");
    assertThat(j.get("input").toString()).isEqualTo("{\"bad_lines\":0,\"problems\":[]}");
  }

  @Test
  void keysComeInAStableOrderIncludingThePublishedOnes() throws Exception {
    List<String> keys = new ArrayList<>();
    sample().fieldNames().forEachRemaining(keys::add);
    assertThat(keys)
        .containsExactly(
            "source",
            "records",
            "total_open",
            "ollama",
            "exposed",
            "with_models",
            "with_models_percent",
            "auth_required",
            "running",
            "openai_compatible",
            "cors_any_origin",
            "products",
            "risk",
            "by_country",
            "by_version",
            "by_cve",
            "distinct_models",
            "top_models",
            "distinct_families",
            "families",
            "quantizations",
            "quantization_bits",
            "with_capabilities",
            "capabilities",
            "period",
            "input");
    // The same records give the same bytes.
    assertThat(json(Report.summary(Sample.records().stream())))
        .isEqualTo(json(Report.summary(Sample.records().stream())));
  }

  @Test
  void percentagesAlwaysHaveOneDecimal() throws Exception {
    String text = json(Report.summary(Sample.records().stream()));
    assertThat(text).contains("\"percent\": 50.0").contains("\"percent\": 66.7");
    assertThat(text).doesNotContainPattern("\"percent\": \\d+[,\\n]");
    assertThat(text).doesNotContainPattern("\"percent\": \\d+\\.\\d\\d");
  }

  @Test
  void anEmptyInputHasZeroesNotDivisionErrors() throws Exception {
    JsonNode j = MAPPER.readTree(json(Report.summary(java.util.stream.Stream.empty())));
    assertThat(j.get("exposed").asLong()).isZero();
    assertThat(j.get("with_models_percent").toString()).isEqualTo("0.0");
    assertThat(j.get("openai_compatible").toString()).isEqualTo("{\"hosts\":0,\"percent\":0.0}");
    assertThat(j.get("by_country")).isEmpty();
    assertThat(j.get("period").get("first_scanned_at").isNull()).isTrue();
  }

  @Test
  void topLimitsModelsButNotCountries() throws Exception {
    Summary s =
        Report.summary(
            RecordSource.of(Sample.records().stream(), "sample"),
            ReportOptions.defaults().withTop(1));
    assertThat(s.topModels()).hasSize(1);
    assertThat(s.distinctModels()).isEqualTo(4);
    assertThat(s.byCountry()).hasSize(4);
  }

  @Test
  void perHostFormatsAreNotSummaryFormats() {
    Summary s = Report.summary(Sample.records().stream());
    assertThatThrownBy(() -> ReportWriter.write(s, ReportFormat.CSV, new StringWriter()))
        .isInstanceOf(ReportException.class)
        .hasMessageContaining("md or json");
  }
}
