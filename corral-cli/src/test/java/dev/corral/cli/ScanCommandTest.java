package dev.corral.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.core.scan.HostRecord;
import dev.corral.core.scan.HostRecordJson;
import dev.corral.core.scan.ScanState;
import dev.corral.core.version.OllamaVersion;
import dev.corral.lab.Emulator;
import dev.corral.lab.persona.Persona;
import dev.corral.lab.server.LabServer;
import dev.corral.lab.server.Transports;
import dev.corral.store.ScanStatus;
import dev.corral.store.Store;
import io.netty.channel.EventLoopGroup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScanCommandTest {
  private static EventLoopGroup group;
  private static LabServer newest;
  private static LabServer old;

  @BeforeAll
  static void startLab() {
    group = Transports.newGroup(1);
    newest = start(Persona.standard("newest", Persona.NEWEST));
    old = start(Persona.standard("old", OllamaVersion.parse("0.1.33")));
  }

  private static LabServer start(Persona persona) {
    return LabServer.start(
        Emulator.of(persona, Clock.systemUTC()),
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
        group,
        Clock.systemUTC());
  }

  @AfterAll
  static void stopLab() {
    newest.close();
    old.close();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private static String ports() {
    return newest.address().getPort() + "," + old.address().getPort();
  }

  private static List<HostRecord> read(Path file) throws Exception {
    List<HostRecord> records = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      records.add(HostRecordJson.parse(line));
    }
    return records;
  }

  @Test
  void scansWritesJsonLinesAndSavesTheScan(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out.jsonl");
    Path db = dir.resolve("corral.db");
    CliRun run =
        CliRun.of(
            "scan",
            "127.0.0.1",
            "-p",
            ports(),
            "-o",
            out.toString(),
            "--db",
            db.toString(),
            "--no-progress");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err())
        .contains("checked 2 targets")
        .contains("2 Ollama, 2 exposed")
        .contains("saved as scan #");
    List<HostRecord> records = read(out);
    assertThat(records).hasSize(2).allSatisfy(r -> assertThat(r.exposed()).isTrue());
    assertThat(records)
        .extracting(HostRecord::version)
        .containsExactlyInAnyOrder("0.32.15", "0.1.33");
    try (Store store = Store.open(db.toString())) {
      assertThat(store.scans())
          .singleElement()
          .satisfies(
              s -> {
                assertThat(s.status()).isEqualTo(ScanStatus.FINISHED);
                assertThat(s.exposed()).isEqualTo(2);
              });
      try (Stream<HostRecord> saved = store.records(store.scans().getFirst().id())) {
        assertThat(saved.count()).isEqualTo(2);
      }
    }
  }

  @Test
  void onlyOpenTargetsUnlessAll(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out.jsonl");
    CliRun run =
        CliRun.of(
            "scan",
            "127.0.0.1",
            "-p",
            newest.address().getPort() + ",1",
            "-o",
            out.toString(),
            "--no-store");
    assertThat(run.exitCode()).isZero();
    assertThat(read(out))
        .singleElement()
        .satisfies(r -> assertThat(r.state()).isEqualTo(ScanState.OPEN));
    CliRun all =
        CliRun.of(
            "scan",
            "127.0.0.1",
            "-p",
            newest.address().getPort() + ",1",
            "-o",
            out.toString(),
            "--force",
            "--all",
            "--no-store");
    assertThat(all.exitCode()).isZero();
    assertThat(read(out))
        .extracting(HostRecord::state)
        .containsExactlyInAnyOrder(ScanState.OPEN, ScanState.CLOSED);
  }

  @Test
  void refusesToOverwriteResults(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out.jsonl");
    Files.writeString(out, "earlier results\n");
    CliRun run = CliRun.of("scan", "127.0.0.1", "-o", out.toString(), "--no-store");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .contains(out + " exists: use --resume to continue that scan, or --force to overwrite it");
    assertThat(Files.readString(out)).isEqualTo("earlier results\n");
  }

  @Test
  void badTargetsAndPortsNameTheArgument() {
    CliRun target = CliRun.of("scan", "127.0.0.1", "10.0.0.0/33", "--no-store");
    assertThat(target.exitCode()).isEqualTo(2);
    assertThat(target.err()).contains("target 2 ('10.0.0.0/33')");
    CliRun ports = CliRun.of("scan", "127.0.0.1", "-p", "99999", "--no-store");
    assertThat(ports.exitCode()).isEqualTo(2);
    assertThat(ports.err()).contains("--ports");
    CliRun none = CliRun.of("scan", "--no-store");
    assertThat(none.exitCode()).isEqualTo(2);
    assertThat(none.err()).contains("give at least one TARGET");
    CliRun timeout = CliRun.of("scan", "127.0.0.1", "--timeout", "soon", "--no-store");
    assertThat(timeout.exitCode()).isEqualTo(2);
    assertThat(timeout.err()).contains("--timeout: invalid duration 'soon'");
  }

  @Test
  void missingGeoDatabaseIsNamed(@TempDir Path dir) {
    CliRun run =
        CliRun.of(
            "scan", "127.0.0.1", "--no-store", "--geoip", dir.resolve("none.mmdb").toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("none.mmdb: no such file");
  }

  @Test
  void unknownSourceFormatAndMissingFilesAreClear(@TempDir Path dir) throws Exception {
    Path weird = dir.resolve("weird.txt");
    Files.writeString(weird, "<xml>not a scan</xml>\n");
    CliRun unknown = CliRun.of("scan", "--from", weird.toString(), "--no-store");
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.err()).contains("cannot tell the format of " + weird);
    CliRun missing = CliRun.of("scan", "--from", dir.resolve("nope.json").toString(), "--no-store");
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err()).contains("nope.json").contains("no such file");
  }

  @Test
  void verifiesCandidatesFromAMasscanList(@TempDir Path dir) throws Exception {
    Path list = dir.resolve("masscan.txt");
    Files.writeString(
        list,
        "#masscan\n"
            + ("open tcp " + newest.address().getPort() + " 127.0.0.1 1764230400\n")
            // masscan repeats a port that answered twice (retries, a second SYN-ACK)
            + ("open tcp " + newest.address().getPort() + " 127.0.0.1 1764230401\n")
            + "# end\n");
    Path out = dir.resolve("out.jsonl");
    CliRun run = CliRun.of("scan", "--from", list.toString(), "-o", out.toString(), "--no-store");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).contains("masscan").contains("1 repeated candidates");
    assertThat(read(out)).singleElement().satisfies(r -> assertThat(r.ollama()).isTrue());
  }

  @Test
  void verifiesShodanResultsFromAFakeShodanOnLoopback(@TempDir Path dir) throws Exception {
    int lab = newest.address().getPort();
    try (LocalApi shodan =
        new LocalApi(
            call ->
                switch (call.path()) {
                  case "/api-info" ->
                      LocalApi.Answer.ok(
                          "{\"query_credits\":100,\"scan_credits\":0,\"plan\":\"dev\"}");
                  case "/shodan/host/count" -> LocalApi.Answer.ok("{\"total\":1,\"matches\":[]}");
                  default ->
                      LocalApi.Answer.ok(
                          "{\"total\":1,\"matches\":[{\"ip_str\":\"127.0.0.1\",\"port\":"
                              + lab
                              + ",\"transport\":\"tcp\",\"org\":\"Lab Org\",\"asn\":\"AS64500\","
                              + "\"location\":{\"country_code\":\"DE\"},\"hostnames\":[]}]}");
                })) {
      Path out = dir.resolve("out.jsonl");
      Process scan =
          scanWithShodanKey(
              dir,
              "--shodan-query",
              "product:Ollama",
              "--shodan-base-url",
              shodan.url(),
              "-o",
              out.toString(),
              "--no-store");
      String err = Files.readString(dir.resolve("err.txt"));
      assertThat(scan.exitValue()).as(err).isZero();
      assertThat(err).contains("Shodan");
      assertThat(read(out))
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.ollama()).isTrue();
                assertThat(r.country()).isEqualTo("DE");
                assertThat(r.asn()).isEqualTo(64500L);
                assertThat(r.org()).isEqualTo("Lab Org");
              });
    }
  }

  @Test
  void countPrintsShodanFacetsWithoutSearchingOrScanning(@TempDir Path dir) throws Exception {
    try (LocalApi shodan =
        new LocalApi(
            call ->
                call.path().equals("/shodan/host/count")
                    ? LocalApi.Answer.ok(
                        "{\"total\":1139,\"matches\":[],\"facets\":{\"country\":["
                            + "{\"count\":417,\"value\":\"US\"},{\"count\":256,\"value\":\"CN\"}],"
                            + "\"version\":[{\"count\":12,\"value\":\"0.1.33\"}]}}")
                    : new LocalApi.Answer(403, "{\"error\":\"only counting is allowed here\"}"))) {
      Path out = dir.resolve("counts.json");
      Process scan =
          scanWithShodanKey(
              dir,
              "--shodan-query",
              "product:Ollama",
              "--count",
              "--facets",
              "country:2,version",
              "--shodan-base-url",
              shodan.url(),
              "-o",
              out.toString());
      String errText = Files.readString(dir.resolve("err.txt"));
      assertThat(scan.exitValue()).as(errText).isZero();
      assertThat(errText)
          .contains("Shodan: 1,139 results")
          .contains("by country: US 417 (36.6 %), CN 256 (22.5 %)")
          .contains("by version: 0.1.33 12 (1.1 %)");
      var json = dev.corral.core.json.Json.mapper().readTree(Files.readString(out));
      assertThat(json.path("total").asLong()).isEqualTo(1139);
      assertThat(json.path("facets").path("country").get(0).path("value").asText()).isEqualTo("US");
      assertThat(json.path("facets").path("country").get(0).path("percent").asDouble())
          .isEqualTo(36.6);
      // Only the free count endpoint was used: no search page, no credits, no scan.
      assertThat(shodan.calls())
          .singleElement()
          .satisfies(
              call -> {
                assertThat(call.path()).isEqualTo("/shodan/host/count");
                assertThat(call.query()).containsEntry("facets", "country:2,version");
              });
    }
  }

  /** Runs {@code corral scan ARGS} as a process with a Shodan key; stderr goes to dir/err.txt. */
  private static Process scanWithShodanKey(Path dir, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("scan"));
    command.addAll(List.of(args));
    ProcessBuilder builder =
        CorralProcess.builder(command)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(dir.resolve("err.txt").toFile());
    builder.environment().put("SHODAN_API_KEY", "test-key");
    Process scan = builder.start();
    assertThat(scan.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return scan;
  }

  @Test
  void countRefusesCensysAndBadFacets() {
    CliRun censys = CliRun.of("scan", "--censys-query", "services.port: 11434", "--count");
    assertThat(censys.exitCode()).isEqualTo(2);
    assertThat(censys.err()).contains("--count works with --shodan-query only");
    CliRun facet =
        CliRun.of("scan", "--shodan-query", "product:Ollama", "--count", "--facets", "Country!");
    assertThat(facet.exitCode()).isEqualTo(2);
    assertThat(facet.err()).contains("--facets: 'Country!' is not a Shodan facet");
  }

  @Test
  void passiveRecordsWithoutContacting(@TempDir Path dir) throws Exception {
    Path list = dir.resolve("masscan.txt");
    // Port 1 is closed: a passive record says "passive", not "closed", because nothing is sent.
    Files.writeString(list, "open tcp 1 127.0.0.1 1764230400\n");
    Path out = dir.resolve("out.jsonl");
    CliRun run =
        CliRun.of(
            "scan", "--from", list.toString(), "--passive", "-o", out.toString(), "--no-store");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(read(out))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.state()).isEqualTo(ScanState.PASSIVE);
              assertThat(r.port()).isEqualTo(1);
              assertThat(r.evidence()).isEmpty();
            });
  }

  @Test
  void interruptedScanKeepsItsResultsAndResumes(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out.jsonl");
    List<String> args =
        List.of(
            "scan",
            "127.0.70.0/25",
            "-p",
            "1",
            "--all",
            "--rate",
            "20",
            "--no-store",
            "--no-progress",
            "--seed",
            "7",
            "-o",
            out.toString());
    Path errFile = dir.resolve("err.txt");
    Process first = corral(args, errFile);
    // Interrupt once the scan is under way (JVM start-up time varies with machine load).
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while ((!Files.exists(out) || Files.readAllLines(out).size() < 10)
        && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    // Ctrl-C: SIGINT to the process, as a terminal sends it.
    new ProcessBuilder("kill", "-INT", Long.toString(first.pid())).start().waitFor();
    assertThat(first.waitFor(20, TimeUnit.SECONDS)).isTrue();
    String err = Files.readString(errFile, StandardCharsets.UTF_8);
    assertThat(first.exitValue()).as(err).isEqualTo(130);
    assertThat(err).contains("interrupted after").contains("--resume");
    long before = Files.readAllLines(out).size();
    assertThat(before).isBetween(10L, 127L);
    assertThat(Path.of(out + ".checkpoint")).exists();

    List<String> resume = new ArrayList<>(args);
    resume.add("--resume");
    resume.set(resume.indexOf("20"), "2000");
    Process second = corral(resume, dir.resolve("err2.txt"));
    assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(second.exitValue()).isZero();
    List<HostRecord> records = read(out);
    // Every one of the 128 addresses is there; the few in flight at the interrupt may appear twice.
    assertThat(records.stream().map(HostRecord::ip).distinct().count()).isEqualTo(128);
    assertThat(records.size()).isLessThanOrEqualTo(128 + 30);
    assertThat(Path.of(out + ".checkpoint")).doesNotExist();
  }

  private static Process corral(List<String> args, Path errFile) throws Exception {
    return CorralProcess.builder(args)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(errFile.toFile())
        .start();
  }
}
