package dev.corral.lab.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabConfigTest {

  @Test
  void expandsRangesAndCyclesVersionsOverDefaults() {
    List<HostSpec> hosts =
        LabConfig.parse(
            """
            defaults:
              ollama_host: 0.0.0.0:11434
              token_interval: 5ms
            hosts:
              - address: 127.0.10.1
                version: 0.1.33
                name: probllama
              - range: 127.0.10.10-127.0.10.13
                versions: [0.1.34, 0.3.14]
                models: [llama3.2, nomic-embed-text]
                running: []
                port: 11500
              - address: 127.0.10.2
                ollama_origins: "*"
                auth_proxy: {scheme: basic, credential: "admin:secret"}
            """,
            "lab.yaml");
    assertThat(hosts).hasSize(6);
    assertThat(hosts.getFirst().persona().name()).isEqualTo("probllama");
    assertThat(hosts.getFirst().persona().version()).hasToString("0.1.33");
    assertThat(hosts.getFirst().persona().loopbackBind()).isFalse();
    assertThat(hosts.getFirst().persona().tokenInterval()).isEqualTo(Duration.ofMillis(5));
    assertThat(hosts.get(1).address().getAddress().getHostAddress()).isEqualTo("127.0.10.10");
    assertThat(hosts.get(1).address().getPort()).isEqualTo(11500);
    assertThat(hosts.subList(1, 5))
        .extracting(h -> h.persona().version().toString())
        .containsExactly("0.1.34", "0.3.14", "0.1.34", "0.3.14");
    assertThat(hosts.get(2).persona().models())
        .extracting(m -> m.name())
        .containsExactly("llama3.2:latest", "nomic-embed-text:latest");
    assertThat(hosts.get(2).persona().running()).isEmpty();
    assertThat(hosts.get(5).persona().ollamaOrigins()).isEqualTo("*");
    assertThat(hosts.get(5).persona().authProxy().scheme()).isEqualTo("basic");
    assertThat(hosts.get(5).persona().version()).hasToString("0.32.15");
  }

  @Test
  void cidrBlocksWork() {
    List<HostSpec> hosts = LabConfig.parse("hosts:\n  - range: 127.0.20.0/30\n", "c.yaml");
    assertThat(hosts)
        .extracting(h -> h.address().getAddress().getHostAddress())
        .containsExactly("127.0.20.0", "127.0.20.1", "127.0.20.2", "127.0.20.3");
  }

  private static void assertRejected(String yaml, String message) {
    assertThatThrownBy(() -> LabConfig.parse(yaml, "lab.yaml"))
        .isInstanceOf(LabConfigException.class)
        .hasMessage(message);
  }

  @Test
  void unknownFieldNamesTheLineAndTheKnownFields() {
    assertThatThrownBy(
            () ->
                LabConfig.parse("hosts:\n  - address: 127.0.0.2\n    verion: 0.1.33\n", "lab.yaml"))
        .isInstanceOf(LabConfigException.class)
        .hasMessageStartingWith(
            "lab.yaml: hosts[0].verion: unknown field 'verion' (known: address, auth_proxy,");
  }

  @Test
  void badValuesNameTheEntryAndField() {
    assertRejected(
        "hosts:\n  - address: 127.0.0.2\n    version: latest\n",
        "lab.yaml: hosts[0].version: invalid Ollama version 'latest': expected MAJOR.MINOR.PATCH with an"
            + " optional -PRERELEASE, e.g. 0.1.34 or 0.5.13-rc1");
    assertRejected(
        "hosts:\n  - address: 192.168.1.5\n",
        "lab.yaml: hosts[0].address: '192.168.1.5' is not a loopback address: the lab only listens on 127.0.0.0/8 and ::1");
    assertRejected(
        "hosts:\n  - address: ollama.example\n",
        "lab.yaml: hosts[0].address: 'ollama.example' is not an IP address (the lab takes loopback literals such as 127.0.10.1)");
    assertRejected(
        "hosts:\n  - range: 127.0.0.0/8\n",
        "lab.yaml: hosts[0].range: address range '127.0.0.0/8' has 16777216 addresses; the lab starts at most 4096");
    assertRejected(
        "hosts:\n  - address: 127.0.0.2\n    models: [gpt-5]\n",
        "lab.yaml: hosts[0].models: unknown model 'gpt-5' (the lab knows: llama3.2:latest, qwen2.5:0.5b,"
            + " nomic-embed-text:latest, llava:7b, deepseek-r1:8b, gemma2:2b, smollm2:135m, mistral:latest)");
    assertRejected(
        "hosts:\n  - address: 127.0.0.2\n    token_interval: fast\n",
        "lab.yaml: hosts[0].token_interval: invalid duration 'fast': expected a number with a unit, e.g. 5s, 250ms, 1m30s");
    assertRejected(
        "hosts:\n  - address: 127.0.0.2\n  - address: 127.0.0.2\n",
        "lab.yaml: hosts[1]: 127.0.0.2:11434 is listed twice");
    assertRejected(
        "hosts: []\n", "lab.yaml: no hosts: add a 'hosts:' list with at least one entry");
    assertRejected(
        "hosts:\n  - address: 127.0.0.2\n    auth_proxy: {scheme: digest, credential: x}\n",
        "lab.yaml: hosts[0].auth_proxy: auth_proxy.scheme must be 'basic' or 'bearer', not 'digest'");
    assertRejected(
        "hosts:\n  - address: 127.0.0.2\n    port: 70000\n",
        "lab.yaml: hosts[0].port: 70000 is not a TCP port (1-65535)");
  }

  @Test
  void wrongTypesNameTheField() {
    assertThatThrownBy(
            () -> LabConfig.parse("hosts:\n  - address: 127.0.0.2\n    port: [1]\n", "lab.yaml"))
        .isInstanceOf(LabConfigException.class)
        .hasMessageStartingWith(
            "lab.yaml: hosts[0].port: Cannot deserialize value of type `java.lang.Integer`");
  }

  @Test
  void syntaxErrorsNameTheLine() {
    assertThatThrownBy(() -> LabConfig.parse("hosts:\n\t- address: 127.0.0.2\n", "lab.yaml"))
        .isInstanceOf(LabConfigException.class)
        .hasMessage(
            "lab.yaml line 2, column 1: not valid YAML: while scanning for the next token: found character '\\t(TAB)' that cannot start any token. (Do not use \\t(TAB) for indentation)");
  }

  @Test
  void missingFileIsNamed(@TempDir Path dir) {
    Path missing = dir.resolve("nope.yaml");
    assertThatThrownBy(() -> LabConfig.load(missing))
        .isInstanceOf(LabConfigException.class)
        .hasMessage("cannot read lab config " + missing + ": no such file");
  }

  @Test
  void readsAFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("lab.yaml");
    Files.writeString(file, "hosts:\n  - address: 127.0.0.9\n    version: 0.6.8\n");
    assertThat(LabConfig.load(file))
        .singleElement()
        .satisfies(h -> assertThat(h.persona().version()).hasToString("0.6.8"));
  }

  @Test
  void theShippedExampleIsValid() throws Exception {
    Path example = Path.of("..", "docs", "examples", "lab.yaml");
    List<HostSpec> hosts = LabConfig.load(example);
    assertThat(hosts).hasSizeGreaterThanOrEqualTo(9);
    assertThat(hosts)
        .extracting(h -> h.persona().version().toString())
        .contains("0.1.33", "0.1.34", "0.32.15");
  }
}
