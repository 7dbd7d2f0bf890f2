package dev.corral.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HardenCommandTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Test
  void theHardenedComposeFilePassesTheAudit(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("bad.yml");
    Files.writeString(
        bad,
        "services:\n  ollama:\n    image: ollama/ollama\n    ports: [\"11434:11434\"]\n"
            + "    volumes: [\"ollama:/root/.ollama\"]\nvolumes:\n  ollama: {}\n");
    Path out = dir.resolve("hardened");
    CliRun harden = CliRun.of("harden", "-o", out.toString(), "--compose", bad.toString());
    assertThat(harden.exitCode()).as(harden.err()).isZero();
    assertThat(harden.out()).contains("docker-compose.yml").contains("corral.conf");
    assertThat(out.resolve("etc/systemd/system/ollama.service.d/corral.conf")).exists();
    assertThat(out.resolve("corral/gateway.yaml")).exists();

    CliRun audit =
        CliRun.of(
            "audit",
            "--compose",
            out.resolve("docker-compose.yml").toString(),
            "--format",
            "json",
            "--fail-on",
            "low");
    assertThat(audit.exitCode()).as(audit.out()).isZero();
    JsonNode report = MAPPER.readTree(audit.out());
    assertThat(report.get("score").asInt()).isEqualTo(100);
    for (JsonNode c : report.get("checks")) {
      assertThat(c.get("status").asText()).as(c.get("id").asText()).isEqualTo("pass");
    }
  }

  @Test
  void theDropInInstalledUnderARootPassesTheLocalAudit(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("hardened");
    assertThat(CliRun.of("harden", "-o", out.toString()).exitCode()).isZero();
    Path root = dir.resolve("root");
    String dropIn = "etc/systemd/system/ollama.service.d/corral.conf";
    Files.createDirectories(root.resolve(dropIn).getParent());
    Files.copy(out.resolve(dropIn), root.resolve(dropIn));
    // The unit before the fix: every interface, no user.
    Files.writeString(
        root.resolve("etc/systemd/system/ollama.service"),
        "[Service]\nExecStart=/usr/local/bin/ollama serve\n"
            + "Environment=\"OLLAMA_HOST=0.0.0.0:11434\"\n");
    // After the restart: Ollama on loopback.
    Files.createDirectories(root.resolve("proc/net"));
    Files.writeString(
        root.resolve("proc/net/tcp"),
        "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout"
            + " inode\n   0: 0100007F:2CAA 00000000:0000 0A 00000000:00000000 00:00000000 00000000"
            + "   998        0 23456 1 0000000000000000 100 0 0 10 0\n");
    CliRun audit =
        CliRun.of(
            "audit",
            "--root",
            root.toString(),
            "--version",
            "0.32.15",
            "--format",
            "json",
            "--fail-on",
            "high");
    assertThat(audit.exitCode()).as(audit.out()).isZero();
    JsonNode report = MAPPER.readTree(audit.out());
    for (JsonNode c : report.get("checks")) {
      String id = c.get("id").asText();
      if (List.of(
              "local.listen-all-interfaces",
              "local.ollama-host",
              "local.cors-wildcard",
              "local.runs-as-root",
              "local.proxy-in-front",
              "local.outdated-version")
          .contains(id)) {
        assertThat(c.get("status").asText()).as(id + ": " + c.get("evidence")).isEqualTo("pass");
      }
    }
  }

  @Test
  void existingFilesAreKeptWithoutForce(@TempDir Path dir) throws Exception {
    assertThat(CliRun.of("harden", "-o", dir.toString()).exitCode()).isZero();
    CliRun again = CliRun.of("harden", "-o", dir.toString());
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.err()).contains("refusing to overwrite").contains("--force");
    assertThat(CliRun.of("harden", "-o", dir.toString(), "--force").exitCode()).isZero();
  }

  @Test
  void badOptionsAreUsageErrors(@TempDir Path dir) {
    CliRun noDir = CliRun.of("harden");
    assertThat(noDir.exitCode()).isEqualTo(2);
    CliRun root = CliRun.of("harden", "-o", dir.toString(), "--user", "0:0");
    assertThat(root.exitCode()).isEqualTo(2);
    assertThat(root.err()).contains("--user 0:0");
    CliRun memory = CliRun.of("harden", "-o", dir.toString(), "--memory", "lots");
    assertThat(memory.exitCode()).isEqualTo(2);
    assertThat(memory.err()).contains("--memory lots");
  }
}
