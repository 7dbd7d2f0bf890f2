package dev.corral.core.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostRecordJsonTest {

  static HostRecord exposed() {
    return new HostRecord(
        "127.0.10.1:11434",
        "127.0.10.1",
        11434,
        "http",
        ScanState.OPEN,
        "ollama",
        true,
        0.99,
        "0.1.33",
        null,
        AuthStatus.NONE,
        true,
        List.of(new ModelEntry("llama3.2:latest", "llama", "3.2B", "Q4_K_M", 2019393189L, null)),
        List.of("llama3.2:latest"),
        true,
        false,
        List.of(new CveEntry("CVE-2024-37032", "certain", "critical")),
        Risk.CRITICAL,
        "US",
        15169L,
        "Example Org",
        List.of(new Evidence("GET /api/version", 200, "{\"version\":\"0.1.33\"}")),
        Instant.parse("2026-11-27T10:00:00Z"));
  }

  @Test
  void writesTheContractFieldsInOrder() {
    assertThat(HostRecordJson.line(exposed()))
        .isEqualTo(
            "{\"target\":\"127.0.10.1:11434\",\"ip\":\"127.0.10.1\",\"port\":11434,\"scheme\":\"http\","
                + "\"state\":\"open\",\"product\":\"ollama\",\"ollama\":true,\"confidence\":0.99,"
                + "\"version\":\"0.1.33\",\"version_range\":null,\"auth\":\"none\",\"exposed\":true,"
                + "\"models\":[{\"name\":\"llama3.2:latest\",\"family\":\"llama\",\"parameter_size\":\"3.2B\","
                + "\"quantization\":\"Q4_K_M\",\"size\":2019393189}],\"running\":[\"llama3.2:latest\"],"
                + "\"openai_compatible\":true,\"cors_any_origin\":false,"
                + "\"cves\":[{\"id\":\"CVE-2024-37032\",\"certainty\":\"certain\",\"severity\":\"critical\"}],"
                + "\"risk\":\"critical\",\"country\":\"US\",\"asn\":15169,\"org\":\"Example Org\","
                + "\"evidence\":[{\"request\":\"GET /api/version\",\"status\":200,\"snippet\":\"{\\\"version\\\":\\\"0.1.33\\\"}\"}],"
                + "\"scanned_at\":\"2026-11-27T10:00:00Z\"}");
  }

  @Test
  void readsWhatItWrites() throws Exception {
    HostRecord record = exposed();
    assertThat(HostRecordJson.parse(HostRecordJson.line(record))).isEqualTo(record);
    assertThat(record.hostKey()).isEqualTo("http://127.0.10.1:11434");
  }

  @Test
  void snippetsAreCapped() {
    Evidence e = new Evidence("GET /", 200, "x".repeat(1000));
    assertThat(e.snippet()).hasSize(Evidence.MAX_SNIPPET + 1).endsWith("…");
  }

  @Test
  void confidenceOutOfRangeIsRefused() {
    assertThatThrownBy(
            () ->
                new HostRecord(
                    "t",
                    "1.2.3.4",
                    1,
                    "http",
                    ScanState.OPEN,
                    null,
                    false,
                    1.5,
                    null,
                    null,
                    AuthStatus.UNKNOWN,
                    false,
                    null,
                    null,
                    null,
                    null,
                    null,
                    Risk.NONE,
                    null,
                    null,
                    null,
                    null,
                    Instant.EPOCH))
        .hasMessageContaining("confidence");
  }
}
