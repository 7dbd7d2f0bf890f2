package dev.corral.scan.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corral.scan.target.Exclusions;
import dev.corral.scan.target.PortList;
import dev.corral.scan.target.Target;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CandidateReaderTest {
  @TempDir Path dir;

  /** Reads a whole file and keeps the reader's verdict. */
  private record Read(SourceFormat format, List<Candidate> candidates, SourceProblems problems) {
    List<String> urls() {
      return candidates.stream().map(c -> c.target().baseUrl()).toList();
    }
  }

  private static Read read(Path file) throws IOException {
    return read(file, PortList.DEFAULT);
  }

  private static Read read(Path file, PortList ports) throws IOException {
    try (CandidateReader reader = CandidateReader.open(file, ports)) {
      List<Candidate> all = new ArrayList<>();
      reader.forEachRemaining(all::add);
      assertThat(reader.count()).isEqualTo(all.size());
      return new Read(reader.format(), all, reader.problems());
    }
  }

  private Path write(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }

  @Test
  void shodanSearchJson() throws Exception {
    Read read = read(Fixtures.path("shodan-search.json"));
    assertThat(read.format()).isEqualTo(SourceFormat.SHODAN_SEARCH);
    assertThat(read.candidates())
        .containsExactly(
            new Candidate(
                new Target("192.0.2.1:11434", "192.0.2.1", 11434, "http"),
                "shodan",
                "DE",
                64500L,
                "Example Hosting",
                List.of("ollama.example.com")),
            new Candidate(
                new Target("[2001:db8::11]:443", "2001:db8::11", 443, "https"),
                "shodan",
                "NL",
                64501L,
                "Example TLS",
                List.of()));
    assertThat(read.problems().isEmpty()).isTrue();
  }

  @Test
  void shodanDownloadJsonLinesKeepsGoodRecordsAndReportsBadOnes() throws Exception {
    Read read = read(Fixtures.path("shodan-download.jsonl"));
    assertThat(read.format()).isEqualTo(SourceFormat.SHODAN_BANNER_LINES);
    assertThat(read.urls())
        .containsExactly(
            "http://198.51.100.7:11434", "http://198.51.100.8:8080", "http://198.51.100.10:11434");
    Candidate first = read.candidates().get(0);
    assertThat(first.country()).isEqualTo("US");
    assertThat(first.asn()).isEqualTo(64502L);
    assertThat(first.org()).isEqualTo("Example Cloud");
    assertThat(read.candidates().get(1).country()).isNull();
    assertThat(read.candidates().get(1).asn()).isNull();
    assertThat(read.problems().count()).isEqualTo(3);
    List<SourceProblems.Problem> problems = read.problems().first();
    assertThat(problems.get(0))
        .hasToString(
            "line 4: ip_str: '198.51.100.300' is not an IPv4 address: 300 is out of range (0-255)");
    assertThat(problems.get(1).line()).isEqualTo(5);
    assertThat(problems.get(1).message()).startsWith("not valid JSON: ");
    assertThat(problems.get(2)).hasToString("line 6: no 'ip_str'");
    assertThat(read.problems().stoppedEarly()).isFalse();
  }

  @Test
  void gzipIsRecognisedByMagicBytesNotName() throws Exception {
    Path file = Fixtures.gzip(Fixtures.path("shodan-download.jsonl"), dir.resolve("download.json"));
    try (CandidateReader reader = CandidateReader.open(file)) {
      assertThat(reader.gzip()).isTrue();
      assertThat(reader.describe())
          .isEqualTo(
              file
                  + ": Shodan banners, one JSON object per line (shodan download), gzip-compressed");
      assertThat(reader.stream().count()).isEqualTo(3);
      assertThat(reader.problems().count()).isEqualTo(3);
    }
    Path search = Fixtures.gzip(Fixtures.path("shodan-search.json"), dir.resolve("s.json.gz"));
    assertThat(read(search).candidates()).hasSize(2);
  }

  @Test
  void censysSearchJsonGivesOneCandidatePerTcpService() throws Exception {
    Read read = read(Fixtures.path("censys-search.json"));
    assertThat(read.format()).isEqualTo(SourceFormat.CENSYS_SEARCH);
    assertThat(read.urls())
        .containsExactly(
            "http://203.0.113.5:22",
            "http://203.0.113.5:11434",
            "https://203.0.113.5:443",
            "http://203.0.113.6:11434");
    Candidate first = read.candidates().get(0);
    assertThat(first.source()).isEqualTo("censys");
    assertThat(first.country()).isEqualTo("FR");
    assertThat(first.asn()).isEqualTo(64510L);
    assertThat(first.org()).isEqualTo("EXAMPLE-AS");
    assertThat(first.hostnames()).containsExactly("host5.example.net");
    assertThat(read.problems().isEmpty()).isTrue();
  }

  @Test
  void censysArrayAndJsonLinesOfHits() throws Exception {
    Read array = read(Fixtures.path("censys-hits.json"));
    assertThat(array.format()).isEqualTo(SourceFormat.CENSYS_HIT_ARRAY);
    assertThat(array.urls()).containsExactly("http://203.0.113.7:11434", "http://203.0.113.9:8080");
    assertThat(array.problems().first())
        .singleElement()
        .hasToString("line 3: services[0]: port 0 is out of range (1-65535)");

    Read lines = read(Fixtures.path("censys-hits.jsonl"));
    assertThat(lines.format()).isEqualTo(SourceFormat.CENSYS_HIT_LINES);
    assertThat(lines.urls())
        .containsExactly("http://203.0.113.10:11434", "http://203.0.113.12:11434");
    assertThat(lines.candidates().get(0).org()).isEqualTo("EXAMPLE-10");
    assertThat(lines.problems().first()).singleElement().hasToString("line 2: no 'services' list");
  }

  @Test
  void masscanJson() throws Exception {
    Read read = read(Fixtures.path("masscan.json"));
    assertThat(read.format()).isEqualTo(SourceFormat.MASSCAN_JSON);
    assertThat(read.urls()).containsExactly("http://127.0.0.1:11434", "http://127.0.0.2:11434");
    assertThat(read.candidates().get(0))
        .isEqualTo(
            new Candidate(
                new Target("127.0.0.1:11434", "127.0.0.1", 11434, "http"),
                "masscan",
                null,
                null,
                null,
                List.of()));
    assertThat(read.problems().isEmpty()).isTrue();
  }

  @Test
  void masscanQuirks() throws Exception {
    Read old = read(Fixtures.path("masscan-old.json"));
    assertThat(old.format()).isEqualTo(SourceFormat.MASSCAN_JSON);
    assertThat(old.urls()).containsExactly("http://127.0.0.4:11434", "http://127.0.0.5:11434");
    assertThat(old.problems().isEmpty()).isTrue();

    String record =
        "{ \"ip\": \"127.0.0.%d\", \"timestamp\": \"1500000000\", \"ports\": [ {\"port\": 11434,"
            + " \"proto\": \"tcp\", \"status\": \"open\", \"reason\": \"syn-ack\", \"ttl\": 64} ] },\n";
    Path trailingComma =
        write("trailing.json", "[\n" + record.formatted(1) + record.formatted(2) + "]\n");
    assertThat(read(trailingComma).urls()).hasSize(2);
    assertThat(read(trailingComma).problems().isEmpty()).isTrue();

    Path nothingFound = write("empty-scan.json", "[\n{finished: 1}\n]\n");
    Read empty = read(nothingFound);
    assertThat(empty.format()).isEqualTo(SourceFormat.MASSCAN_JSON);
    assertThat(empty.candidates()).isEmpty();
    assertThat(empty.problems().isEmpty()).isTrue();

    Path interrupted = write("interrupted.json", "[\n" + record.formatted(1) + record.formatted(2));
    Read cut = read(interrupted);
    assertThat(cut.urls()).containsExactly("http://127.0.0.1:11434", "http://127.0.0.2:11434");
    assertThat(cut.problems().stoppedEarly()).isTrue();
    assertThat(cut.problems().first().get(0).message()).contains("interrupted");

    Path ndjson =
        write(
            "masscan.ndjson",
            "{\"ip\":\"127.0.0.3\",\"timestamp\":\"1\",\"ports\":[{\"port\":11434,\"proto\":\"tcp\","
                + "\"status\":\"open\"}]}\n");
    Read lines = read(ndjson);
    assertThat(lines.format()).isEqualTo(SourceFormat.MASSCAN_JSON_LINES);
    assertThat(lines.urls()).containsExactly("http://127.0.0.3:11434");
  }

  @Test
  void masscanList() throws Exception {
    Read read = read(Fixtures.path("masscan.txt"));
    assertThat(read.format()).isEqualTo(SourceFormat.MASSCAN_LIST);
    assertThat(read.urls()).containsExactly("http://127.0.0.6:11434", "http://127.0.0.7:8080");
    assertThat(read.problems().first())
        .singleElement()
        .hasToString("line 6: port 99999 is out of range (1-65535)");
    // Without the #masscan header the lines alone are recognised too.
    Path headless = write("oL.txt", "open tcp 11434 127.0.0.8 1690000000\n");
    assertThat(read(headless).format()).isEqualTo(SourceFormat.MASSCAN_LIST);
  }

  @Test
  void zmapCsv() throws Exception {
    Read read = read(Fixtures.path("zmap.csv"));
    assertThat(read.format()).isEqualTo(SourceFormat.ZMAP_CSV);
    assertThat(read.urls()).containsExactly("http://127.0.0.10:11434", "http://127.0.0.13:11434");
    assertThat(read.candidates().get(0).source()).isEqualTo("zmap");
    assertThat(read.problems().first())
        .singleElement()
        .hasToString("line 5: expected 6 fields as in the header, found 5");

    Path saddrOnly = write("zmap-saddr.csv", "saddr\n127.0.0.30\n127.0.0.31\n");
    assertThat(read(saddrOnly, PortList.parse("11434,8080")).urls())
        .containsExactly(
            "http://127.0.0.30:8080",
            "http://127.0.0.30:11434",
            "http://127.0.0.31:8080",
            "http://127.0.0.31:11434");
  }

  @Test
  void plainListsUseTargetSyntaxAndKeepGoingPastBadLines() throws Exception {
    Read read = read(Fixtures.path("targets.txt"));
    assertThat(read.format()).isEqualTo(SourceFormat.LIST);
    assertThat(read.candidates())
        .extracting(Candidate::target)
        .containsExactly(
            new Target("127.0.0.20", "127.0.0.20", 11434, "http"),
            new Target("127.0.0.24", "127.0.0.24", 11434, "http"),
            new Target("127.0.0.25", "127.0.0.25", 11434, "http"),
            new Target("lab.example:8080", "lab.example", 8080, "http"),
            new Target("http://[::1]:11500/", "::1", 11500, "http"));
    assertThat(read.candidates()).allSatisfy(c -> assertThat(c.source()).isEqualTo("list"));
    assertThat(read.problems().first())
        .singleElement()
        .hasToString("line 5: prefix length 33 is out of range for IPv4 (0-32)");

    // ZMap's default output, a bare list of addresses, is a list.
    Path bare = write("zmap-default.txt", "127.0.0.40\n127.0.0.41\n");
    assertThat(read(bare).format()).isEqualTo(SourceFormat.LIST);
    assertThat(read(bare).candidates()).hasSize(2);
  }

  @Test
  void aCidrInAListIsExpandedLazily() throws Exception {
    Path file = write("big.txt", "10.0.0.0/8\n");
    try (CandidateReader reader = CandidateReader.open(file)) {
      assertThat(reader.next().target().host()).isEqualTo("10.0.0.0");
      assertThat(reader.next().target().host()).isEqualTo("10.0.0.1");
    }
  }

  @Test
  void otherShapesOfTheSameSources() throws Exception {
    Path bannerArray =
        write("banners.json", "[{\"ip_str\":\"127.0.0.50\",\"port\":11434,\"transport\":\"tcp\"}]");
    Read read = read(bannerArray);
    assertThat(read.format()).isEqualTo(SourceFormat.SHODAN_BANNER_ARRAY);
    assertThat(read.urls()).containsExactly("http://127.0.0.50:11434");

    Read emptyArray = read(write("empty.json", " [ ] "));
    assertThat(emptyArray.format()).isEqualTo(SourceFormat.EMPTY_JSON);
    assertThat(emptyArray.candidates()).isEmpty();

    Read emptyFile = read(write("empty.txt", "\n# nothing yet\n"));
    assertThat(emptyFile.format()).isEqualTo(SourceFormat.LIST);
    assertThat(emptyFile.candidates()).isEmpty();
  }

  @Test
  void aCutOffSearchResponseKeepsWhatCameBefore() throws Exception {
    String whole = Files.readString(Fixtures.path("shodan-search.json"));
    Path cut = write("cut.json", whole.substring(0, whole.indexOf("\"Example TLS\"")));
    Read read = read(cut);
    assertThat(read.urls()).containsExactly("http://192.0.2.1:11434");
    assertThat(read.problems().stoppedEarly()).isTrue();
    assertThat(read.problems().summary("cut.json"))
        .startsWith("cut.json: 1 bad record skipped (line 26: the file ends inside a JSON value")
        .endsWith("; the rest of the file could not be read");

    Path broken = write("broken.json", "[{\"ip\":\"127.0.0.1\",\"ports\":[]}\n{oops}]");
    Read stopped = read(broken);
    assertThat(stopped.problems().first().get(0).line()).isEqualTo(2);
    assertThat(stopped.problems().first().get(0).message()).startsWith("not valid JSON: ");
  }

  @Test
  void unknownFormatsSayWhatWasExpected() throws Exception {
    Path text = write("notes.txt", "\n\nhello world, these are my notes\n");
    assertThatThrownBy(() -> CandidateReader.open(text))
        .isInstanceOf(SourceFormatException.class)
        .hasMessage(
            "cannot tell the format of "
                + text
                + ": expected Shodan JSON, Censys JSON, masscan -oJ/-oL, ZMap CSV or a list of"
                + " targets (first line: 'hello world, these are my notes')");
    Path json = write("other.json", "{\"name\": \"not a scan\", \"items\": [1, 2]}\n");
    assertThatThrownBy(() -> CandidateReader.open(json))
        .hasMessageEndingWith("(first line: '{\"name\": \"not a scan\", \"items\": [1, 2]}')");
    Path binary = dir.resolve("blob.bin");
    Files.write(binary, new byte[] {0x50, 0x4b, 0x03, 0x04, 0x00, 0x01, 0x7f, 'x'});
    assertThatThrownBy(() -> CandidateReader.open(binary))
        .hasMessageEndingWith("(first line: 'PK?????x')");
    Path badJson = write("bad.json", "{\n\"matches\" [\n");
    assertThatThrownBy(() -> CandidateReader.open(badJson))
        .isInstanceOf(SourceFormatException.class)
        .hasMessageStartingWith(
            "cannot tell the format of " + badJson + ": it starts like JSON, but line 2 is not");
    Path missing = dir.resolve("missing.json");
    assertThatThrownBy(() -> CandidateReader.open(missing))
        .isInstanceOf(IOException.class)
        .hasMessage("cannot read " + missing + ": no such file");
  }

  @Test
  void damagedGzipIsAnIoErrorNamingTheFile() throws Exception {
    // Random text, so the compressed file is larger than what detection reads.
    java.util.Random random = new java.util.Random(1);
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < 3000; i++) {
      lines.append("{\"ip_str\":\"127.0.0.1\",\"port\":11434,\"data\":\"");
      for (int j = 0; j < 100; j++) {
        lines.append((char) ('a' + random.nextInt(26)));
      }
      lines.append("\"}\n");
    }
    Path gz = Fixtures.gzip(write("d.jsonl", lines.toString()), dir.resolve("d.jsonl.gz"));
    byte[] bytes = Files.readAllBytes(gz);
    assertThat(bytes.length).isGreaterThan(100_000);
    Path cut = dir.resolve("cut.jsonl.gz");
    Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length - 12));
    try (CandidateReader reader = CandidateReader.open(cut)) {
      assertThatThrownBy(() -> reader.forEachRemaining(c -> {}))
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageStartingWith("cannot read " + cut + ": ");
    }
  }

  @Test
  void problemsKeepTheFirstFewAndCountTheRest() throws Exception {
    StringBuilder content = new StringBuilder();
    for (int i = 1; i <= 8; i++) {
      content.append("open tcp 0 127.0.0.").append(i).append(" 1690000000\n");
    }
    content.append("open tcp 11434 127.0.0.9 1690000000\n");
    Read read = read(write("bad.txt", content.toString()));
    assertThat(read.candidates()).hasSize(1);
    assertThat(read.problems().count()).isEqualTo(8);
    assertThat(read.problems().first()).hasSize(SourceProblems.KEPT);
    assertThat(read.problems().summary("bad.txt"))
        .isEqualTo(
            "bad.txt: 8 bad records skipped (line 1: port 0 is out of range (1-65535); line 2: port"
                + " 0 is out of range (1-65535); line 3: port 0 is out of range (1-65535); line 4:"
                + " port 0 is out of range (1-65535); line 5: port 0 is out of range (1-65535); and"
                + " 3 more)");
  }

  @Test
  void theEngineFiltersCandidatesWithExclusions() throws Exception {
    Exclusions exclusions = Exclusions.parse("127.0.0.2");
    List<String> kept =
        read(Fixtures.path("masscan.json")).candidates().stream()
            .filter(c -> !exclusions.excludes(c.target()))
            .map(c -> c.target().host())
            .toList();
    assertThat(kept).containsExactly("127.0.0.1");
  }
}
