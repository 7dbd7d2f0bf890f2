package dev.corral.scan.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A download far larger than what is kept in memory streams through in bounded memory. */
class LargeSourceTest {
  @TempDir Path dir;

  @Test
  void aLargeGzippedDownloadStreams() throws Exception {
    Path file = dir.resolve("download.json.gz");
    int records = 400_000;
    String padding = "x".repeat(400); // each banner ~0.5 kB: ~200 MB uncompressed
    try (BufferedWriter out =
        new BufferedWriter(
            new OutputStreamWriter(
                new GZIPOutputStream(Files.newOutputStream(file)), StandardCharsets.UTF_8))) {
      for (int i = 0; i < records; i++) {
        out.write(
            "{\"ip_str\":\"127."
                + ((i >> 16) & 0xff)
                + "."
                + ((i >> 8) & 0xff)
                + "."
                + (i & 0xff)
                + "\",\"port\":11434,\"transport\":\"tcp\",\"data\":\""
                + padding
                + "\"}\n");
      }
    }
    Runtime runtime = Runtime.getRuntime();
    long baseline = 0;
    long count = 0;
    try (CandidateReader reader = CandidateReader.open(file)) {
      while (reader.hasNext()) {
        reader.next();
        count++;
        if (count == 20_000) {
          System.gc();
          baseline = runtime.totalMemory() - runtime.freeMemory();
        }
      }
      assertThat(reader.problems().isEmpty()).isTrue();
    }
    System.gc();
    long used = runtime.totalMemory() - runtime.freeMemory();
    assertThat(count).isEqualTo(records);
    assertThat(used - baseline).isLessThan(64L << 20);
  }
}
