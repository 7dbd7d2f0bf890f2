package dev.corral.report;

import dev.corral.core.scan.HostRecord;
import dev.corral.core.scan.Risk;
import dev.corral.core.scan.ScanState;
import java.time.Instant;
import java.util.List;

/**
 * A hand-made scan whose every count is known: 13 records, 11 open, 9 Ollama, 8 exposed, 5 of them
 * with models. The numbers each test expects are worked out in the comments.
 */
final class Sample {
  private Sample() {}

  static final String LLAMA = "llama3.2:latest";

  static List<HostRecord> records() {
    return List.of(
        // e1 US 0.6.0: two models, one running, CVE-2025-63389 certain
        Host.exposed("203.0.113.1")
            .country("US")
            .asn(64500, "Example Hosting")
            .version("0.6.0")
            .model(LLAMA, "llama", "Q4_K_M", List.of("completion", "tools"))
            .model("qwen2.5:7b", "qwen2", "Q4_K_M", List.of("completion", "tools"))
            .running(LLAMA)
            .openai(true)
            .cors(false)
            .cve("CVE-2025-63389", "certain", "critical")
            .risk(Risk.CRITICAL)
            .at(Instant.parse("2026-11-27T10:15:00Z"))
            .record(),
        // e2 US 0.6.0: one model, no capability data
        Host.exposed("203.0.113.2")
            .country("US")
            .version("0.6.0")
            .model(LLAMA, "llama", "Q4_K_M", null)
            .openai(true)
            .cve("CVE-2025-63389", "certain", "critical")
            .record(),
        // e3 US 0.1.33: no models, Probllama certain
        Host.exposed("203.0.113.3")
            .country("us")
            .version("0.1.33")
            .openai(true)
            .cve("CVE-2024-37032", "certain", "critical")
            .cve("CVE-2025-63389", "certain", "critical")
            .risk(Risk.CRITICAL)
            .record(),
        // e4 CN, version hidden: thinking model, CORS *, Probllama possible
        Host.exposed("198.51.100.4")
            .country("CN")
            .range(">=0.1.34 <0.1.38")
            .model("deepseek-r1:8b", "qwen2", "Q8_0", List.of("completion", "thinking"))
            .openai(true)
            .cors(true)
            .cve("CVE-2024-39720", "certain", "high")
            .cve("CVE-2024-37032", "possible", "critical")
            .record(),
        // e5 CN 0.6.0: nothing listed
        Host.exposed("198.51.100.5").country("CN").version("0.6.0").openai(true).record(),
        // e6 DE, version unknown: an embedding model in F16, /v1 closed
        Host.exposed("192.0.2.6")
            .country("DE")
            .model("nomic-embed-text:latest", "nomic-bert", "F16", List.of("embedding"))
            .openai(false)
            .record(),
        // e7 no country, 0.5.7
        Host.exposed("192.0.2.7").version("0.5.7").openai(true).record(),
        // e8 US 0.6.0: the same model and advisory listed twice count once
        Host.exposed("203.0.113.8")
            .country("US")
            .version("0.6.0")
            .model(LLAMA, "llama", "Q4_K_M", null)
            .model(LLAMA, "llama", "Q4_K_M", null)
            .openai(true)
            .cve("CVE-2025-63389", "possible", "critical")
            .cve("CVE-2025-63389", "certain", "critical")
            .at(Instant.parse("2026-11-27T11:02:00Z"))
            .record(),
        Host.fenced("203.0.113.9").country("US").record(),
        Host.other("203.0.113.10", "open-webui", Risk.MEDIUM).record(),
        Host.other("203.0.113.11", "http", Risk.NONE).record(),
        Host.down("203.0.113.12", ScanState.CLOSED).record(),
        Host.down("203.0.113.13", ScanState.TIMEOUT).record());
  }
}
