package dev.corral.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.core.scan.HostRecordJson;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs in its own JVM with a 48 MB heap (the {@code bounded-heap} surefire execution): a million
 * records would need several hundred MB if anything held them.
 */
@Tag("bounded-heap")
class LargeStreamTest {
  private static final int MILLION = 1_000_000;

  @TempDir Path dir;

  @Test
  void heapIsTooSmallToHoldTheRecords() {
    assertThat(Runtime.getRuntime().maxMemory()).isLessThan(64L * 1024 * 1024);
  }

  @Test
  void aMillionGeneratedRecordsAreCountedExactly() {
    Summary s = Report.summary(Synthetic.records(MILLION));
    long exposed = MILLION - MILLION / 4; // i % 4 == 3 are fenced
    assertThat(s.records()).isEqualTo(MILLION);
    assertThat(s.totalOpen()).isEqualTo(MILLION);
    assertThat(s.ollama()).isEqualTo(MILLION);
    assertThat(s.exposed()).isEqualTo(exposed);
    assertThat(s.authRequired()).isEqualTo(MILLION / 4);
    // Even i are never i % 4 == 3, so every even host is exposed and lists llama3.2.
    assertThat(s.withModels()).isEqualTo(MILLION / 2);
    assertThat(s.topModels().get(0))
        .isEqualTo(
            new Summary.Row("llama3.2:latest", MILLION / 2, new java.math.BigDecimal("100.0")));
    assertThat(s.distinctModels()).isEqualTo(1 + 100);
    assertThat(s.running().hosts()).isEqualTo(MILLION / 8);
    assertThat(s.openaiCompatible().hosts()).isEqualTo(exposed);
    assertThat(s.byCve())
        .singleElement()
        .satisfies(a -> assertThat(a.certain()).isEqualTo(exposed));
    long unknownCountry = count(i -> Synthetic.exposed(i) && i % 5 == 4);
    assertThat(s.byCountry())
        .last()
        .isEqualTo(
            new Summary.Row(Summary.UNKNOWN, unknownCountry, Percent.of(unknownCountry, exposed)));
    assertThat(s.byCountry()).hasSize(5);
    long version060 = count(i -> Synthetic.exposed(i) && i % 3 == 0);
    assertThat(s.byVersion())
        .filteredOn(v -> v.version().equals("0.6.0"))
        .singleElement()
        .satisfies(v -> assertThat(v.hosts()).isEqualTo(version060));
    assertThat(s.quantizations()).extracting(Summary.Row::value).containsExactly("Q4_K_M", "Q8_0");
    assertThat(s.lastScannedAt()).isEqualTo(Synthetic.START.plusSeconds(MILLION - 1));
  }

  @Test
  void perHostFormatsStreamAMillionRecordsToo() throws IOException {
    CountingWriter out = new CountingWriter();
    try (RecordSource in = RecordSource.of(Synthetic.records(MILLION), "generated")) {
      Report.write(in, ReportOptions.defaults().withFormat(ReportFormat.CSV), out);
    }
    assertThat(out.lines).isEqualTo(MILLION + 1);
  }

  @Test
  void aLargeGzipFileIsSummarisedLineByLine() throws IOException {
    int n = 100_000;
    Path file = dir.resolve("big.jsonl.gz");
    try (Writer w =
        new BufferedWriter(
            new OutputStreamWriter(
                new GZIPOutputStream(Files.newOutputStream(file)), StandardCharsets.UTF_8))) {
      for (int i = 0; i < n; i++) {
        w.write(HostRecordJson.line(Synthetic.record(i)));
        w.write('\n');
        if (i % 25_000 == 0) {
          w.write("not a record\n");
        }
      }
    }
    Summary s;
    try (RecordSource in = RecordSource.jsonl(file, p -> {})) {
      s = Report.summary(in, ReportOptions.defaults());
    }
    assertThat(s.records()).isEqualTo(n);
    assertThat(s.exposed()).isEqualTo(n - n / 4);
    assertThat(s.input().badLines()).isEqualTo(4);
    assertThat(s.input().first())
        .extracting(InputProblem::line)
        .containsExactly(2L, 25_003L, 50_004L, 75_005L);
    StringWriter json = new StringWriter();
    ReportWriter.write(s, ReportFormat.JSON, json);
    assertThat(json.toString()).contains("\"exposed\": 75000");
  }

  private static long count(java.util.function.IntPredicate p) {
    long n = 0;
    for (int i = 0; i < MILLION; i++) {
      if (p.test(i)) {
        n++;
      }
    }
    return n;
  }

  /** Counts lines and throws the text away. */
  private static final class CountingWriter extends Writer {
    long lines;

    @Override
    public void write(char[] buf, int off, int len) {
      for (int i = off; i < off + len; i++) {
        if (buf[i] == '\n') {
          lines++;
        }
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
