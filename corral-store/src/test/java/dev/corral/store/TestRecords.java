package dev.corral.store;

import dev.corral.core.scan.AuthStatus;
import dev.corral.core.scan.CveEntry;
import dev.corral.core.scan.Evidence;
import dev.corral.core.scan.HostRecord;
import dev.corral.core.scan.ModelEntry;
import dev.corral.core.scan.Risk;
import dev.corral.core.scan.ScanState;
import java.time.Instant;
import java.util.List;

/** Host records for tests. */
public final class TestRecords {
  public static final Instant SCANNED_AT = Instant.parse("2026-11-27T10:15:30.123456789Z");

  private TestRecords() {}

  /** Every one of the 23 fields set, none to its default, some text outside ASCII. */
  public static HostRecord full() {
    return new HostRecord(
        "ollama.example.test:11434",
        "127.0.10.7",
        11434,
        "https",
        ScanState.OPEN,
        "ollama",
        true,
        0.875,
        "0.1.33",
        ">=0.1.30 <0.1.34",
        AuthStatus.NONE,
        true,
        List.of(
            new ModelEntry(
                "llama3.2:latest",
                "llama",
                "3.2B",
                "Q4_K_M",
                2_019_393_189L,
                List.of("completion", "tools")),
            new ModelEntry("qwen2.5:0.5b", null, null, null, null, null)),
        List.of("llama3.2:latest"),
        true,
        false,
        List.of(
            new CveEntry("CVE-2024-37032", "certain", "critical"),
            new CveEntry("CORRAL-2025-0001", "possible", "medium")),
        Risk.CRITICAL,
        "DE",
        3320L,
        "Beispiel GmbH — Zürich ✓",
        List.of(
            new Evidence("GET /api/version", 200, "{\"version\":\"0.1.33\"}"),
            new Evidence("GET /api/tags", 200, "x".repeat(300))),
        SCANNED_AT);
  }

  /** Only what every record has; the rest null, empty or false. */
  public static HostRecord minimal() {
    return new HostRecord(
        "127.0.10.8:11434",
        "127.0.10.8",
        11434,
        "http",
        ScanState.TIMEOUT,
        null,
        false,
        0,
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
        null);
  }

  /**
   * The {@code n}th host of a synthetic scan: every third is an exposed Ollama, every fifth closed.
   */
  public static HostRecord numbered(int n) {
    boolean ollama = n % 3 == 0;
    boolean closed = !ollama && n % 5 == 0;
    return host(
        "127." + (n >> 16 & 0xff) + "." + (n >> 8 & 0xff) + "." + (n & 0xff),
        11434,
        closed ? ScanState.CLOSED : ScanState.OPEN,
        ollama ? "ollama" : closed ? null : "http",
        ollama,
        ollama ? AuthStatus.NONE : AuthStatus.UNKNOWN,
        ollama ? "0.5.7" : null,
        ollama ? List.of("llama3.2:latest") : List.of(),
        ollama ? Risk.HIGH : Risk.NONE);
  }

  /** A host with the fields a diff looks at. Exposed when Ollama answers without auth. */
  public static HostRecord host(
      String ip,
      int port,
      ScanState state,
      String product,
      boolean ollama,
      AuthStatus auth,
      String version,
      List<String> models,
      Risk risk) {
    return new HostRecord(
        ip + ":" + port,
        ip,
        port,
        "http",
        state,
        product,
        ollama,
        ollama ? 0.99 : 0.5,
        version,
        null,
        auth,
        ollama && auth == AuthStatus.NONE,
        models.stream().map(name -> new ModelEntry(name, null, null, null, null, null)).toList(),
        List.of(),
        null,
        null,
        List.of(),
        risk,
        null,
        null,
        null,
        List.of(),
        SCANNED_AT);
  }
}
