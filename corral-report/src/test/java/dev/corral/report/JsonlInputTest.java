package dev.corral.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corral.core.scan.HostRecord;
import dev.corral.core.scan.HostRecordJson;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonlInputTest {
  @TempDir Path dir;

  private static String lines(List<HostRecord> records) {
    StringBuilder text = new StringBuilder();
    for (HostRecord r : records) {
      text.append(HostRecordJson.line(r)).append('\n');
    }
    return text.toString();
  }

  private Path gzip(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return file;
  }

  private static Summary summarise(RecordSource in) {
    try (in) {
      return Report.summary(in, ReportOptions.defaults());
    }
  }

  @Test
  void gzipIsRecognisedByContentWhateverTheName() throws IOException {
    Path file = gzip("scan-output.jsonl", lines(Sample.records()));
    List<InputProblem> problems = new ArrayList<>();
    Summary s = summarise(RecordSource.jsonl(file, problems::add));
    assertThat(s.records()).isEqualTo(13);
    assertThat(s.exposed()).isEqualTo(8);
    assertThat(s.withModels()).isEqualTo(5);
    assertThat(problems).isEmpty();
    assertThat(s.source().kind()).isEqualTo(SourceInfo.Kind.FILE);
    assertThat(s.source().name()).isEqualTo(file.toString());
  }

  @Test
  void plainAndGzipGiveTheSameReport() throws IOException {
    String text = lines(Sample.records());
    Path plain = dir.resolve("scan.jsonl");
    Files.writeString(plain, text);
    Path zipped = gzip("scan.jsonl.gz", text);
    StringWriter a = new StringWriter();
    StringWriter b = new StringWriter();
    ReportWriter.write(summarise(RecordSource.jsonl(plain, p -> {})), ReportFormat.JSON, a);
    ReportWriter.write(summarise(RecordSource.jsonl(zipped, p -> {})), ReportFormat.JSON, b);
    assertThat(a.toString().replace(zipped.toString(), plain.toString()))
        .isEqualTo(b.toString().replace(zipped.toString(), plain.toString()));
  }

  @Test
  void badLinesAreSkippedCountedAndReportedWithTheirLineNumbers() throws IOException {
    List<HostRecord> records = Sample.records();
    String good = HostRecordJson.line(records.get(0));
    String text =
        good
            + "\n" // 1
            + "{\"ip\": \"1.2.3.4\", \n" // 2: cut off
            + "\n" // 3: blank, ignored
            + "   \n" // 4: blank, ignored
            + "[1, 2]\n" // 5: not an object
            + good.replace("\"port\":11434", "\"port\":\"many\"")
            + "\n" // 6: wrong type
            + good.replace("\"confidence\":0.99", "\"confidence\":2.5")
            + "\n" // 7: out of range
            + "{\"target\":\"x\"}\n" // 8: no ip
            + good.replace("{\"target\"", "{\"colour\":\"blue\",\"target\"")
            + "\n" // 9
            + HostRecordJson.line(records.get(1))
            + "\r\n" // 10: CRLF is fine
            + "{\"\\u001b[2Jred\":1}\n" // 11: a terminal escape in the reason is defused
            + HostRecordJson.line(records.get(2)); // 12: no final newline
    Path file = gzip("mixed.jsonl.gz", text);
    List<InputProblem> seen = new ArrayList<>();
    Summary s = summarise(RecordSource.jsonl(file, seen::add));

    assertThat(s.records()).isEqualTo(3);
    assertThat(s.input().badLines()).isEqualTo(7);
    assertThat(seen).extracting(InputProblem::line).containsExactly(2L, 5L, 6L, 7L, 8L, 9L, 11L);
    assertThat(s.input().first()).isEqualTo(seen);
    assertThat(seen.get(0).reason()).startsWith("not JSON:");
    assertThat(seen.get(2).reason()).startsWith("field 'port':");
    assertThat(seen.get(3).reason()).contains("confidence must be between 0 and 1");
    assertThat(seen.get(4).reason()).isEqualTo("not a host record: no ip");
    assertThat(seen.get(1).reason()).isEqualTo("not a JSON object");
    assertThat(seen.get(5).reason()).isEqualTo("unknown field 'colour'");
    assertThat(seen.get(6).reason()).isEqualTo("unknown field '?[2Jred'");
    assertThat(seen.get(0).toString()).startsWith("line 2: not JSON");
  }

  @Test
  void badLinesShowInBothSummaryFormats() throws IOException {
    Path file = dir.resolve("bad.jsonl");
    Files.writeString(file, lines(Sample.records()) + "oops\n");
    Summary s = summarise(RecordSource.jsonl(file, p -> {}));
    StringWriter md = new StringWriter();
    ReportWriter.write(s, ReportFormat.MD, md);
    assertThat(md.toString())
        .contains("1 input line was not a host record and skipped:")
        .contains("* line 14: `not a JSON object`");
    StringWriter json = new StringWriter();
    ReportWriter.write(s, ReportFormat.JSON, json);
    assertThat(json.toString()).contains("\"bad_lines\": 1").contains("\"line\": 14");
  }

  @Test
  void onlyTheFirstProblemsAreKeptButAllAreCounted() throws IOException {
    Path file = dir.resolve("noise.jsonl");
    Files.writeString(file, "x\n".repeat(1000));
    List<InputProblem> seen = new ArrayList<>();
    Summary s = summarise(RecordSource.jsonl(file, seen::add));
    assertThat(s.input().badLines()).isEqualTo(1000);
    assertThat(seen).hasSize(1000);
    assertThat(s.input().first()).hasSize(InputProblems.KEPT);
  }

  @Test
  void aHugeLineIsSkippedWithoutBeingHeld() throws IOException {
    Path file = dir.resolve("huge.jsonl");
    String good = HostRecordJson.line(Sample.records().get(0));
    Files.writeString(
        file,
        good
            + "\n"
            + "{\"x\":\""
            + "a".repeat(JsonlRecords.MAX_LINE_CHARS + 10)
            + "\"}\n"
            + good
            + "\n");
    List<InputProblem> seen = new ArrayList<>();
    Summary s = summarise(RecordSource.jsonl(file, seen::add));
    assertThat(s.records()).isEqualTo(2);
    assertThat(seen)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.line()).isEqualTo(2);
              assertThat(p.reason()).startsWith("longer than 4 MiB");
            });
  }

  @Test
  void aByteOrderMarkIsIgnored() {
    String text = "\uFEFF" + lines(Sample.records().subList(0, 2));
    Summary s =
        summarise(
            RecordSource.jsonl(
                new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "-", p -> {}));
    assertThat(s.records()).isEqualTo(2);
    assertThat(s.input().badLines()).isZero();
  }

  @Test
  void aTruncatedGzipFileIsAnErrorNotASilentlyShortReport() throws IOException {
    Path whole = gzip("whole.jsonl.gz", lines(Sample.records()).repeat(50));
    byte[] bytes = Files.readAllBytes(whole);
    Path cut = dir.resolve("cut.jsonl.gz");
    Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    assertThatThrownBy(() -> summarise(RecordSource.jsonl(cut, p -> {})))
        .isInstanceOf(ReportException.class)
        .hasMessageStartingWith(cut + " ends early at line ")
        .hasMessageEndingWith("the gzip data is cut off");
  }

  @Test
  void missingFilesAndDirectoriesSayWhatIsWrong() {
    Path missing = dir.resolve("nope.jsonl");
    assertThatThrownBy(() -> RecordSource.jsonl(missing, p -> {}))
        .isInstanceOf(ReportException.class)
        .hasMessage("cannot read " + missing + ": no such file");
    assertThatThrownBy(() -> RecordSource.jsonl(dir, p -> {}))
        .isInstanceOf(ReportException.class)
        .hasMessage(dir + " is a directory, not a JSON Lines file");
  }

  @Test
  void recordsCanBeReadOnlyOnce() {
    try (RecordSource in = RecordSource.of(Sample.records().stream(), "once")) {
      in.records().close();
      assertThatThrownBy(in::records).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void csvFromAFile() throws IOException {
    Path file = gzip("scan.jsonl.gz", lines(Sample.records()) + "nonsense\n");
    StringWriter out = new StringWriter();
    List<InputProblem> seen = new ArrayList<>();
    try (RecordSource in = RecordSource.jsonl(file, seen::add)) {
      Report.write(in, ReportOptions.defaults().withFormat(ReportFormat.CSV), out);
    }
    assertThat(CsvTest.parse(out.toString())).hasSize(14);
    assertThat(seen).extracting(InputProblem::line).containsExactly(14L);
  }
}
