package dev.corral.audit.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corral.audit.Fixtures;
import dev.corral.audit.check.Check;
import dev.corral.audit.check.Finding;
import dev.corral.audit.check.Status;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ContainerChecksTest {

  static Stream<Check> checks() {
    return ContainerChecks.ALL.stream();
  }

  private static Status status(List<Finding> findings, Check check) {
    List<Finding> matching = findings.stream().filter(f -> f.id().equals(check.id())).toList();
    assertThat(matching).as(check.id()).hasSize(1);
    return matching.get(0).status();
  }

  private static List<Finding> inspect(String name) {
    return ContainerChecks.check(DockerInspectReader.read(Fixtures.path("container/" + name)));
  }

  private static List<Finding> compose(String name) {
    return ContainerChecks.check(ComposeReader.read(Fixtures.path("container/" + name)));
  }

  @ParameterizedTest
  @MethodSource("checks")
  void everyCheckFailsOnABadDockerInspect(Check check) {
    String file =
        check == ContainerChecks.HOST_NETWORK ? "inspect-hostnet.json" : "inspect-bad.json";
    assertThat(status(inspect(file), check)).isEqualTo(Status.FAIL);
  }

  @ParameterizedTest
  @MethodSource("checks")
  void everyCheckPassesOnTheGoodDockerInspect(Check check) {
    assertThat(status(inspect("inspect-good.json"), check)).isEqualTo(Status.PASS);
  }

  @ParameterizedTest
  @MethodSource("checks")
  void everyCheckFailsOnABadComposeFile(Check check) {
    String file = check == ContainerChecks.HOST_NETWORK ? "compose-hostnet.yml" : "compose-bad.yml";
    assertThat(status(compose(file), check)).isEqualTo(Status.FAIL);
  }

  @ParameterizedTest
  @MethodSource("checks")
  void everyCheckPassesOnTheGoodComposeFile(Check check) {
    assertThat(status(compose("compose-good.yml"), check)).isEqualTo(Status.PASS);
  }

  @Test
  void onlyTheOllamaServiceOfAComposeFileIsChecked() {
    List<Finding> findings = compose("compose-bad.yml");
    assertThat(findings).hasSize(ContainerChecks.ALL.size());
    assertThat(findings).allSatisfy(f -> assertThat(f.evidence()).startsWith("ollama ("));
  }

  @Test
  void evidenceNamesWhatWasFound() {
    List<Finding> findings = inspect("inspect-bad.json");
    Finding port =
        findings.stream()
            .filter(f -> f.id().equals("container.port-published-all-interfaces"))
            .findFirst()
            .orElseThrow();
    assertThat(port.evidence()).contains("11434").contains("every interface");
    assertThat(port.remediation()).contains("127.0.0.1:11434:11434");
    Finding socket =
        findings.stream()
            .filter(f -> f.id().equals("container.docker-socket-mounted"))
            .findFirst()
            .orElseThrow();
    assertThat(socket.evidence()).contains("/var/run/docker.sock");
  }

  @Test
  void shortPortSyntaxTellsLoopbackFromEveryInterface() {
    assertThat(ComposeReader.shortPort("127.0.0.1:11434:11434", "x").allInterfaces()).isFalse();
    assertThat(ComposeReader.shortPort("[::1]:11434:11434/tcp", "x").hostIp()).isEqualTo("::1");
    assertThat(ComposeReader.shortPort("[::]:11434:11434", "x").allInterfaces()).isTrue();
    assertThat(ComposeReader.shortPort("11434:11434", "x").allInterfaces()).isTrue();
    // Only the container port: Docker picks a host port on every interface.
    ContainerSpec.PortBinding random = ComposeReader.shortPort("11434", "x");
    assertThat(random.allInterfaces()).isTrue();
    assertThat(random.containerPort()).isEqualTo(11434);
    assertThat(ComposeReader.shortPort("0.0.0.0:8000-8001:11434", "x").hostPort()).isEqualTo(8000);
  }

  @Test
  void aRenamedImageIsStillCheckedWhenNothingLooksLikeOllama() {
    List<ContainerSpec> specs =
        ComposeReader.parse("services:\n  llm:\n    image: registry.local/ai:1\n", "c.yml");
    assertThat(ContainerChecks.check(specs)).hasSize(ContainerChecks.ALL.size());
  }

  @Test
  void badFilesAreRefusedNamingFileAndPlace() {
    assertThatThrownBy(() -> DockerInspectReader.parse("[{\"Id\": 1,\n", "inspect.json"))
        .isInstanceOf(ContainerFileException.class)
        .hasMessageStartingWith("inspect.json:");
    assertThatThrownBy(() -> DockerInspectReader.parse("{\"Id\": \"x\"}", "inspect.json"))
        .hasMessageContaining("inspect.json: not docker inspect output");
    assertThatThrownBy(() -> DockerInspectReader.parse("[{\"Id\": \"x\"}]", "inspect.json"))
        .hasMessageContaining("inspect.json: [0] is not a container");
    assertThatThrownBy(() -> ComposeReader.parse("version: '3'\n", "c.yml"))
        .hasMessageContaining("c.yml: not a docker-compose file");
    assertThatThrownBy(() -> ComposeReader.parse("services:\n  a: [\n", "c.yml"))
        .hasMessageStartingWith("c.yml:");
    assertThatThrownBy(
            () ->
                ComposeReader.parse(
                    "services:\n  o:\n    image: ollama/ollama\n    mem_limit: lots\n", "c.yml"))
        .hasMessageContaining("c.yml: services.o: not a memory size: 'lots'");
    assertThatThrownBy(
            () -> ComposeReader.parse("services:\n  o:\n    ports: [\"abc:11434\"]\n", "c.yml"))
        .hasMessageContaining("c.yml: services.o.ports[0]: not a port number: 'abc'");
  }
}
