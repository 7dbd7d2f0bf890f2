package dev.corral.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.corral.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesAuditSinkTest {

  static AuditEvent event(int i) {
    return new AuditEvent(
        Instant.parse("2026-11-27T10:00:00Z").plusSeconds(i),
        i % 2 == 0 ? "k" + i : null,
        "127.0.0.1:5000" + (i % 10),
        "POST",
        "/api/chat",
        i % 2 == 0 ? "llama3.2:latest" : null,
        i % 2 == 0,
        i % 2 == 0 ? "allow" : "auth-required",
        i % 2 == 0 ? 200 : 401,
        i % 2 == 0 ? 12 : -1,
        i % 2 == 0 ? 34 : -1,
        1500);
  }

  @Test
  void writesOneSnakeCaseObjectPerLineAndLosesNothingOnClose(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("logs/audit.jsonl");
    JsonLinesAuditSink sink = JsonLinesAuditSink.open(file.toString());
    for (int i = 0; i < 20_000; i++) {
      sink.record(event(i));
    }
    sink.close();
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    assertThat(lines)
        .hasSize(20_000)
        .allMatch(l -> l.startsWith("{\"time\":\"") && l.endsWith("}"));
    assertThat(sink.dropped()).isZero();
    JsonNode first = Json.mapper().readTree(lines.getFirst());
    assertThat(first.get("time").asText()).isEqualTo("2026-11-27T10:00:00Z");
    assertThat(first.get("key_id").asText()).isEqualTo("k0");
    assertThat(first.get("route").asText()).isEqualTo("/api/chat");
    assertThat(first.get("allowed").asBoolean()).isTrue();
    assertThat(first.get("prompt_tokens").asLong()).isEqualTo(12);
    assertThat(first.get("eval_tokens").asLong()).isEqualTo(34);
    assertThat(first.get("latency_us").asLong()).isEqualTo(1500);
    JsonNode second = Json.mapper().readTree(lines.get(1));
    assertThat(second.get("key_id").isNull()).isTrue();
    assertThat(second.get("rule").asText()).isEqualTo("auth-required");
    assertThat(Files.getPosixFilePermissions(file))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
  }

  @Test
  void appendsToAnExistingLog(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("audit.jsonl");
    Files.writeString(file, "{\"earlier\":true}\n");
    try (JsonLinesAuditSink sink = JsonLinesAuditSink.open(file.toString())) {
      sink.record(event(0));
    }
    assertThat(Files.readAllLines(file)).hasSize(2).first().isEqualTo("{\"earlier\":true}");
  }

  /** A disk that fills up and later has room again. */
  private static final class FillingDisk extends java.io.OutputStream {
    final java.io.ByteArrayOutputStream written = new java.io.ByteArrayOutputStream();
    volatile boolean full;

    @Override
    public synchronized void write(int b) throws java.io.IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws java.io.IOException {
      if (full) {
        throw new java.io.IOException("No space left on device");
      }
      written.write(b, off, len);
    }
  }

  @Test
  void aFailedWriteIsCountedAndTheLogResumesWhenTheDiskDoes() throws Exception {
    FillingDisk disk = new FillingDisk();
    JsonLinesAuditSink sink = JsonLinesAuditSink.to(disk);
    disk.full = true;
    for (int i = 0; i < 10; i++) {
      sink.record(event(i));
    }
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (sink.dropped() < 10 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(sink.dropped()).isEqualTo(10);
    disk.full = false;
    sink.record(event(10));
    sink.close(); // returns at once: the writer is alive and takes the stop
    List<String> lines = disk.written.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize(2);
    assertThat(lines.getFirst()).contains("\"time\":\"2026-11-27T10:00:10Z\"");
    assertThat(lines.getLast()).isEqualTo("{\"dropped_events\":10}");
  }

  @Test
  void recordsAfterCloseAreCountedNotWritten() {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    JsonLinesAuditSink sink = JsonLinesAuditSink.to(out);
    sink.record(event(0));
    sink.close();
    sink.record(event(1));
    assertThat(out.toString(StandardCharsets.UTF_8).lines()).hasSize(1);
    assertThat(sink.dropped()).isEqualTo(1);
  }
}
