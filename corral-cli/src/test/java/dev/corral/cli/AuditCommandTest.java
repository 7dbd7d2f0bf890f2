package dev.corral.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.corral.lab.Emulator;
import dev.corral.lab.persona.AuthProxy;
import dev.corral.lab.persona.Persona;
import dev.corral.lab.server.LabServer;
import dev.corral.lab.server.Transports;
import io.netty.channel.EventLoopGroup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditCommandTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String BAD_COMPOSE =
      """
      services:
        ollama:
          image: ollama/ollama:latest
          privileged: true
          ports: ["11434:11434"]
          volumes: ["ollama:/root/.ollama"]
      volumes:
        ollama: {}
      """;

  private static EventLoopGroup group;
  private static LabServer open;
  private static LabServer fronted;

  @BeforeAll
  static void startLab() {
    group = Transports.newGroup(1);
    open = start(Persona.standard("open", Persona.NEWEST));
    fronted =
        start(
            Persona.builder("fronted", Persona.NEWEST)
                .authProxy(new AuthProxy("bearer", "cli-test-token", null))
                .blockedPaths(List.of("/api/version"))
                .build());
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
    open.close();
    fronted.close();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private static Path write(Path dir, String name, String text) throws Exception {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
    return p;
  }

  private static JsonNode check(JsonNode report, String id) {
    for (JsonNode c : report.get("checks")) {
      if (c.get("id").asText().equals(id)) {
        return c;
      }
    }
    throw new AssertionError("no check " + id + " in " + report);
  }

  @Test
  void aComposeFileIsAuditedToJson(@TempDir Path dir) throws Exception {
    Path compose = write(dir, "docker-compose.yml", BAD_COMPOSE);
    CliRun run = CliRun.of("audit", "--compose", compose.toString(), "--format", "json");
    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode report = MAPPER.readTree(run.out());
    List<String> fields = new ArrayList<>();
    report.fieldNames().forEachRemaining(fields::add);
    assertThat(fields).containsExactly("target", "score", "checks");
    assertThat(report.get("target").asText()).isEqualTo(compose.toString());
    assertThat(report.get("score").asInt()).isLessThanOrEqualTo(40);
    assertThat(check(report, "container.privileged").get("status").asText()).isEqualTo("fail");
    assertThat(check(report, "container.port-published-all-interfaces").get("severity").asText())
        .isEqualTo("critical");
  }

  @Test
  void failOnSetsTheExitCode(@TempDir Path dir) throws Exception {
    Path compose = write(dir, "c.yml", BAD_COMPOSE);
    assertThat(
            CliRun.of("audit", "--compose", compose.toString(), "--fail-on", "critical").exitCode())
        .isEqualTo(1);
    Path good =
        write(
            dir,
            "good.yml",
            "services:\n  ollama:\n    image: ollama/ollama\n    user: \"1000\"\n");
    // Only medium and low checks fail on this one.
    assertThat(CliRun.of("audit", "--compose", good.toString(), "--fail-on", "high").exitCode())
        .isZero();
    assertThat(CliRun.of("audit", "--compose", good.toString(), "--fail-on", "medium").exitCode())
        .isEqualTo(1);
  }

  @Test
  void usageErrorsExitWith2AndSayWhatIsWrong(@TempDir Path dir) throws Exception {
    CliRun nothing = CliRun.of("audit");
    assertThat(nothing.exitCode()).isEqualTo(2);
    assertThat(nothing.err()).contains("nothing to audit");
    Path compose = write(dir, "c.yml", BAD_COMPOSE);
    CliRun badSeverity = CliRun.of("audit", "--compose", compose.toString(), "--fail-on", "severe");
    assertThat(badSeverity.exitCode()).isEqualTo(2);
    assertThat(badSeverity.err()).contains("--fail-on").contains("unknown severity 'severe'");
    Path broken = write(dir, "broken.yml", "services:\n  ollama:\n    ports: [\"x:11434\"]\n");
    CliRun badFile = CliRun.of("audit", "--compose", broken.toString());
    assertThat(badFile.exitCode()).isEqualTo(2);
    assertThat(badFile.err()).contains("--compose " + broken).contains("services.ollama.ports[0]");
    CliRun missing = CliRun.of("audit", "--docker-inspect", dir.resolve("none.json").toString());
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err())
        .contains("--docker-inspect " + dir.resolve("none.json") + ": no such file");
    CliRun badFormat = CliRun.of("audit", "--compose", compose.toString(), "--format", "xml");
    assertThat(badFormat.exitCode()).isEqualTo(2);
    CliRun keyWithoutUrl = CliRun.of("audit", "--compose", compose.toString(), "--key", "k");
    assertThat(keyWithoutUrl.exitCode()).isEqualTo(2);
    assertThat(keyWithoutUrl.err()).contains("need a URL");
  }

  @Test
  void sarifGoesToTheOutputFile(@TempDir Path dir) throws Exception {
    Path compose = write(dir, "c.yml", BAD_COMPOSE);
    Path out = dir.resolve("audit.sarif");
    CliRun run =
        CliRun.of(
            "audit", "--compose", compose.toString(), "--format", "sarif", "-o", out.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).isEmpty();
    JsonNode sarif = MAPPER.readTree(out.toFile());
    assertThat(sarif.get("version").asText()).isEqualTo("2.1.0");
    assertThat(sarif.at("/runs/0/results").size()).isGreaterThan(0);
  }

  @Test
  void textIsTheDefaultWithFailuresFirst(@TempDir Path dir) throws Exception {
    Path compose = write(dir, "c.yml", BAD_COMPOSE);
    CliRun run = CliRun.of("audit", "--compose", compose.toString());
    assertThat(run.out()).startsWith("corral audit: " + compose);
    assertThat(run.out()).contains("FAILED").contains("fix: ");
    assertThat(run.out().indexOf("FAILED")).isLessThan(run.out().indexOf("PASSED"));
  }

  @Test
  void aRootDirectoryIsAuditedWithTheGivenVersion(@TempDir Path dir) throws Exception {
    write(
        dir,
        "proc/net/tcp",
        "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
            + "   0: 00000000:2CAA 00000000:0000 0A 00000000:00000000 00:00000000 00000000   998        0 23456 1 0000000000000000 100 0 0 10 0\n");
    CliRun run =
        CliRun.of("audit", "--root", dir.toString(), "--version", "0.1.33", "--format", "json");
    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode report = MAPPER.readTree(run.out());
    assertThat(report.get("target").asText()).isEqualTo("local:" + dir);
    assertThat(check(report, "local.listen-all-interfaces").get("status").asText())
        .isEqualTo("fail");
    assertThat(check(report, "local.outdated-version").get("status").asText()).isEqualTo("fail");
    CliRun badVersion = CliRun.of("audit", "--root", dir.toString(), "--version", "latest");
    assertThat(badVersion.exitCode()).isEqualTo(2);
    assertThat(badVersion.err()).contains("--version latest");
  }

  @Test
  void anOpenLabHostFailsAndAFrontedOnePasses() throws Exception {
    CliRun openRun = CliRun.of("audit", open.url(), "--format", "json", "--fail-on", "critical");
    assertThat(openRun.exitCode()).as(openRun.err()).isEqualTo(1);
    JsonNode openReport = MAPPER.readTree(openRun.out());
    assertThat(check(openReport, "remote.unauthenticated-api").get("status").asText())
        .isEqualTo("fail");

    String direct = "127.0.0.1:" + open.address().getPort();
    CliRun frontRun =
        CliRun.of(
            "audit",
            fronted.url(),
            "--key",
            "cli-test-token",
            "--direct",
            direct,
            "--format",
            "json");
    assertThat(frontRun.exitCode()).as(frontRun.err()).isZero();
    JsonNode front = MAPPER.readTree(frontRun.out());
    assertThat(check(front, "remote.unauthenticated-api").get("status").asText()).isEqualTo("pass");
    assertThat(check(front, "remote.key-accepted").get("status").asText()).isEqualTo("pass");
    assertThat(check(front, "remote.version-hidden").get("status").asText()).isEqualTo("pass");
    // The open lab host stands in for an Ollama port left reachable around the front.
    assertThat(check(front, "remote.direct-port-closed").get("status").asText()).isEqualTo("fail");
    assertThat(frontRun.out()).doesNotContain("cli-test-token");
  }

  @Test
  void aContainerTheDockerCliCannotInspectIsAUsageError() {
    // Without the docker CLI, or without such a container: either way a clear usage error.
    CliRun run = CliRun.of("audit", "--docker", "corral-no-such-container-7f3a");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--docker corral-no-such-container-7f3a");
  }

  @Test
  void helpDescribesTheExitCodes() {
    CliRun run = CliRun.of("audit", "--help");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("--fail-on").contains("Exit codes");
  }
}
