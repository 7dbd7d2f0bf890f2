package dev.corral.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
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
