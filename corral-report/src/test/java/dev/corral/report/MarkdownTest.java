package dev.corral.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.core.scan.HostRecord;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class MarkdownTest {

  static String md(Stream<HostRecord> records, ReportOptions options) {
    StringWriter out = new StringWriter();
    try (RecordSource in = RecordSource.of(records, "sample.jsonl")) {
      Report.write(in, options.withFormat(ReportFormat.MD), out);
    }
    return out.toString();
  }

  private static String sample() {
    return md(Sample.records().stream(), ReportOptions.defaults());
  }

  @Test
  void titleAndTheStudiesTotalsLine() {
    String md = sample();
    assertThat(md)
        .startsWith("# Exposed Ollama servers\n\n")
        .contains(
            "From `sample.jsonl`, hosts checked from 2026-11-27 10:15 UTC to 2026-11-27 11:02"
                + " UTC.")
        .contains("**8 exposed Ollama servers, 5 with models (62.5%).**")
        .contains("13 records: 11 open, 9 answering as Ollama (1 of them behind authentication).");
  }

  @Test
  void thousandsAreGroupedLikeTheStudies() {
    List<HostRecord> many = new ArrayList<>();
    for (int i = 0; i < 1139; i++) {
      Host h = Host.exposed("10.0." + (i >> 8) + "." + (i & 0xff)).country("US");
      if (i < 214) {
        h.model(Sample.LLAMA);
      }
      many.add(h.record());
    }
    assertThat(md(many.stream(), ReportOptions.defaults()))
        .contains("**1,139 exposed Ollama servers, 214 with models (18.8%).**");
  }

  @Test
  void shareAndCountryTables() {
    assertThat(sample())
        .contains(
            """
            | Exposed servers | Hosts | % of exposed |
            |---|---:|---:|
            | Listing at least one model | 5 | 62.5% |
            | Running a model now | 1 | 12.5% |
            | OpenAI-compatible `/v1` routes | 7 | 87.5% |
            | Callable from any web page (CORS `*`) | 1 | 12.5% |
            """)
        .contains(
            """
            ## By country

            | Country | Hosts | % of exposed |
            |---|---:|---:|
            | United States (US) | 4 | 50.0% |
            | China (CN) | 2 | 25.0% |
            | Germany (DE) | 1 | 12.5% |
            | Unknown | 1 | 12.5% |
            """);
  }

  @Test
  void versionsAdvisoriesAndModels() {
    assertThat(sample())
        .contains("| `0.6.0` | 4 | 50.0% |\n")
        .contains("| `>=0.1.34 <0.1.38` (inferred) | 1 | 12.5% |\n| Unknown | 1 | 12.5% |\n")
        .contains(
            "| CVE-2024-37032: Probllama: path traversal through registry manifest digests"
                + " | critical | 2 | 1 | 1 | 25.0% |\n")
        .contains("5 servers list 4 different model names:")
        .contains("| `llama3.2:latest` | 3 | 60.0% |\n")
        .contains("| 4-bit | 3 | 60.0% |\n")
        .contains("| `Q4_K_M` | 3 | 60.0% |\n")
        .contains("| `completion` | 2 | 66.7% |\n")
        .contains("| Ollama | 9 | 81.8% |\n| `http` | 1 | 9.1% |\n| `open-webui` | 1 | 9.1% |\n")
        .contains("| critical | 2 | 15.4% |\n");
  }

  @Test
  void rowsBeyondTopAreSummedIntoOtherAndUnknownStaysLast() {
    String md = md(Sample.records().stream(), ReportOptions.defaults().withTop(2));
    assertThat(md)
        .contains(
            """
            | United States (US) | 4 | 50.0% |
            | China (CN) | 2 | 25.0% |
            | Other (1 country) | 1 | 12.5% |
            | Unknown | 1 | 12.5% |
            """)
        .contains("5 servers list 4 different model names; the most common:");
  }

  @Test
  void hostileModelNamesCannotBreakTheTableOrBecomeLinksOrMentions() {
    HostRecord hostile =
        Host.exposed("192.0.2.66")
            .country("<b>")
            .model("x|[click](http://evil.example)")
            .model("@admin `ping` \u202Eevil\nnext")
            .record();
    String md = md(Stream.of(hostile), ReportOptions.defaults());
    assertThat(md)
        .contains("| `x\\|[click](http://evil.example)` | 1 | 100.0% |\n")
        .contains("| ``@admin `ping` ?evil?next`` | 1 | 100.0% |\n")
        .contains("| `<B>` | 1 | 100.0% |\n");
    for (String line : md.lines().toList()) {
      if (line.startsWith("| `")) {
        assertThat(line.replace("\\|", "").chars().filter(c -> c == '|').count())
            .as(line)
            .isEqualTo(4);
      }
    }
  }

  @Test
  void noExposedServerSaysSo() {
    String md = md(Stream.of(Host.fenced("192.0.2.70").record()), ReportOptions.defaults());
    assertThat(md)
        .contains("**0 exposed Ollama servers, 0 with models.**")
        .contains("No Ollama server answered without authentication.")
        .doesNotContain("## By country");
  }
}
