package dev.corral.report;

import dev.corral.core.scan.AuthStatus;
import dev.corral.core.scan.CveEntry;
import dev.corral.core.scan.HostRecord;
import dev.corral.core.scan.ModelEntry;
import dev.corral.core.scan.Risk;
import dev.corral.core.scan.ScanState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A generated scan of any size, made lazily: record {@code i} exists only while it is being
 * counted. Three of every four hosts are exposed; countries, versions and models cycle so every
 * count follows from {@code n} by arithmetic.
 */
final class Synthetic {
  static final String[] COUNTRIES = {"US", "CN", "DE", "FR", null};
  static final Instant START = Instant.parse("2026-11-27T00:00:00Z");

  private Synthetic() {}

  static Stream<HostRecord> records(int n) {
    return IntStream.range(0, n).mapToObj(Synthetic::record);
  }

  static boolean exposed(int i) {
    return i % 4 != 3;
  }

  static HostRecord record(int i) {
    boolean exposed = exposed(i);
    String ip = "10." + (i >>> 16 & 0xff) + "." + (i >>> 8 & 0xff) + "." + (i & 0xff);
    List<ModelEntry> models = new ArrayList<>();
    if (exposed && i % 2 == 0) {
      models.add(
          new ModelEntry(
              "llama3.2:latest",
              "llama",
              "3.2B",
              "Q4_K_M",
              2_000_000_000L,
              List.of("completion", "tools")));
    }
    if (exposed && i % 10 == 0) {
      models.add(new ModelEntry("m" + (i % 1000), "qwen2", "7B", "Q8_0", 8_000_000_000L, null));
    }
    String version = exposed && i % 3 == 0 ? "0.6.0" : exposed && i % 3 == 1 ? "0.5.7" : null;
    String range = exposed && i % 3 == 2 ? ">=0.1.34 <0.1.38" : null;
    return new HostRecord(
        ip + ":11434",
        ip,
        11434,
        "http",
        ScanState.OPEN,
        "ollama",
        true,
        0.99,
        version,
        range,
        exposed ? AuthStatus.NONE : AuthStatus.REQUIRED,
        exposed,
        models,
        exposed && i % 8 == 0 ? List.of("llama3.2:latest") : List.of(),
        exposed,
        false,
        exposed ? List.of(new CveEntry("CVE-2025-63389", "certain", "critical")) : List.of(),
        exposed ? Risk.HIGH : Risk.LOW,
        exposed ? COUNTRIES[i % 5] : "US",
        64500L,
        "Example",
        List.of(),
        START.plusSeconds(i));
  }
}
