package dev.corral.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.core.version.OllamaVersion;
import dev.corral.lab.Emulator;
import dev.corral.lab.persona.Persona;
import dev.corral.lab.server.LabServer;
import dev.corral.lab.server.Transports;
import io.netty.channel.EventLoopGroup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scans the lab, then reports: the whole path a user takes, through the real commands. */
class ReportCommandTest {

  @Test
  void scanThenReportFromFileAndStoreThenDiff(@TempDir Path dir) throws Exception {
    EventLoopGroup group = Transports.newGroup(1);
    try {
      LabServer a = start(group, Persona.standard("a", Persona.NEWEST));
      LabServer b = start(group, Persona.standard("b", OllamaVersion.parse("0.1.33")));
      String db = dir.resolve("corral.db").toString();
      Path out = dir.resolve("out.jsonl");
      String ports = a.address().getPort() + "," + b.address().getPort();
      assertThat(
              CliRun.of("scan", "127.0.0.1", "-p", ports, "-o", out.toString(), "--db", db)
                  .exitCode())
          .isZero();

      CliRun md = CliRun.of("report", "--in", out.toString());
      assertThat(md.exitCode()).as(md.err()).isZero();
      assertThat(md.out()).contains("2").contains("CVE-2024-37032").contains("llama3.2:latest");

      Path json = dir.resolve("summary.json");
      CliRun fromStore =
          CliRun.of("report", "--db", db, "--format", "json", "--out", json.toString());
      assertThat(fromStore.exitCode()).as(fromStore.err()).isZero();
      assertThat(Files.readString(json)).contains("\"exposed\": 2").contains("\"total_open\": 2");

      // The old server goes away; the second scan sees one exposed server fewer.
      b.close();
      assertThat(
              CliRun.of(
                      "scan", "127.0.0.1", "-p", ports, "-o", out.toString(), "--force", "--db", db)
                  .exitCode())
          .isZero();
      CliRun diff = CliRun.of("report", "--db", db, "--diff", "--format", "json");
      assertThat(diff.exitCode()).as(diff.err()).isZero();
      assertThat(diff.out()).contains("gone").contains(":" + b.address().getPort());
      a.close();
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  @Test
  void badOptionsAndMissingInputsAreClear(@TempDir Path dir) {
    CliRun format = CliRun.of("report", "--in", "x.jsonl", "--format", "pdf");
    assertThat(format.exitCode()).isEqualTo(2);
    assertThat(format.err()).contains("--format");
    CliRun missing = CliRun.of("report", "--in", dir.resolve("none.jsonl").toString());
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err()).contains("none.jsonl");
    CliRun noStore = CliRun.of("report", "--data-dir", dir.toString());
    assertThat(noStore.exitCode()).isEqualTo(1);
    assertThat(noStore.err()).contains("no stored scans at");
    CliRun both = CliRun.of("report", "--in", "x", "--db", "y");
    assertThat(both.exitCode()).isEqualTo(2);
  }

  private static LabServer start(EventLoopGroup group, Persona persona) {
    return LabServer.start(
        Emulator.of(persona, Clock.systemUTC()),
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
        group,
        Clock.systemUTC());
  }
}
