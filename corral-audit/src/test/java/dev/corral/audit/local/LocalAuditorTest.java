package dev.corral.audit.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.audit.check.Finding;
import dev.corral.audit.check.Status;
import dev.corral.core.version.OllamaVersion;
import dev.corral.core.vuln.AdvisoryDatabase;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalAuditorTest {
  private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
  private static final AdvisoryDatabase ADVISORIES = AdvisoryDatabase.builtin();

  @TempDir Path dir;

  private MachineTree tree() {
    return new MachineTree(dir);
  }

  private List<Finding> audit(String version) {
    return audit(version, Optional.empty());
  }

  private List<Finding> audit(String version, Optional<Path> models) {
    return audit(version, models, List.of());
  }

  private List<Finding> audit(String version, Optional<Path> models, List<Path> firewall) {
    LocalOptions options =
        new LocalOptions(
            dir,
            models,
            Optional.ofNullable(version).map(OllamaVersion::parse),
            false,
            90,
            Clock.fixed(NOW, ZoneOffset.UTC),
            firewall);
    return new LocalAuditor(options, ADVISORIES).audit();
  }

  private static Finding find(List<Finding> findings, String id) {
    return findings.stream().filter(f -> f.id().equals(id)).findFirst().orElseThrow();
  }

  private static Status status(List<Finding> findings, String id) {
    return find(findings, id).status();
  }

  /** The install.sh machine: loopback, User=ollama, models 755, nothing stale. */
  private MachineTree installed() {
    return tree()
        .sockets("tcp-loopback", "tcp6-loopback")
        .unit("ollama.service")
        .ollamaServer(998, Map.of("HOME", "/usr/share/ollama", "PATH", "/usr/bin"))
        .models("/usr/share/ollama/.ollama/models", "rwxr-xr-x")
        .manifest(
            "/usr/share/ollama/.ollama/models",
            "registry.ollama.ai/library/llama3.2/latest",
            NOW.minus(Duration.ofDays(3)));
  }

  @Test
  void theInstallerDefaultsPassEveryMachineCheck() {
    installed();
    List<Finding> findings = audit("0.32.15");
    for (var check : LocalChecks.ALL) {
      if (check == LocalChecks.FIREWALL) {
        continue; // no firewall files in this tree: skipped while bound to loopback
      }
      assertThat(status(findings, check.id())).as(check.id()).isEqualTo(Status.PASS);
    }
    assertThat(status(findings, "local.firewall")).isEqualTo(Status.SKIP);
    assertThat(find(findings, "local.listen-all-interfaces").evidence())
        .contains("127.0.0.1:11434")
        .contains("[::1]:11434");
    assertThat(status(findings, "local.outdated-version")).isEqualTo(Status.PASS);
  }

  @Test
  void aListenerOnEveryIpv4InterfaceIsCritical() {
    installed().sockets("tcp-exposed", "tcp6-empty");
    Finding f = find(audit(null), "local.listen-all-interfaces");
    assertThat(f.status()).isEqualTo(Status.FAIL);
    assertThat(f.evidence()).contains("0.0.0.0:11434").contains("/proc/net/tcp:3");
    assertThat(f.remediation()).contains("OLLAMA_HOST=127.0.0.1:11434");
  }

  @Test
  void aListenerOnEveryIpv6InterfaceIsCritical() {
    installed().sockets("tcp-loopback", "tcp6-exposed");
    Finding f = find(audit(null), "local.listen-all-interfaces");
    assertThat(f.status()).isEqualTo(Status.FAIL);
    assertThat(f.evidence()).contains("[::]:11434");
  }

  @Test
  void aListenerOnOneLanAddressIsAWarning() {
    installed().sockets("tcp-lan", "tcp6-empty");
    Finding f = find(audit(null), "local.listen-all-interfaces");
    assertThat(f.status()).isEqualTo(Status.WARN);
    assertThat(f.evidence()).contains("192.168.1.5:11434");
  }

  @Test
  void noSocketTableIsSkippedNotPassed() {
    tree().unit("ollama.service");
    assertThat(status(audit(null), "local.listen-all-interfaces")).isEqualTo(Status.SKIP);
  }

  @Test
  void aDropInBindingEveryInterfaceAndAllowingEveryOriginFails() {
    installed()
        .dropIn("override.conf", dev.corral.audit.Fixtures.text("local/override-exposed.conf"));
    // The running process has no OLLAMA_HOST in its environment here, so the unit decides.
    tree().ollamaServer(998, Map.of());
    List<Finding> findings = audit(null);
    Finding host = find(findings, "local.ollama-host");
    assertThat(host.status()).isEqualTo(Status.FAIL);
    assertThat(host.evidence())
        .contains("OLLAMA_HOST=0.0.0.0")
        .contains("/etc/systemd/system/ollama.service.d/override.conf:3");
    Finding cors = find(findings, "local.cors-wildcard");
    assertThat(cors.status()).isEqualTo(Status.FAIL);
    assertThat(cors.evidence()).contains("OLLAMA_ORIGINS=*");
  }

  @Test
  void theRunningProcessEnvironmentWinsOverTheUnit() {
    installed().ollamaServer(998, Map.of("OLLAMA_HOST", "0.0.0.0:11434"));
    Finding host = find(audit(null), "local.ollama-host");
    assertThat(host.status()).isEqualTo(Status.FAIL);
    assertThat(host.evidence()).contains("/proc/1234/environ");
  }

  @Test
  void aContainerisedOllamasOwnBindIsNotTheHosts() {
    // No host Ollama; the container's OLLAMA_HOST=0.0.0.0 is its internal network's business.
    tree().sockets("tcp-loopback", "tcp6-empty").containerisedServer(5555);
    List<Finding> findings = audit(null);
    Finding host = find(findings, "local.ollama-host");
    assertThat(host.status()).isEqualTo(Status.PASS);
    assertThat(host.evidence()).contains("runs in a container (pid 5555)");
    assertThat(status(findings, "local.listen-all-interfaces")).isEqualTo(Status.PASS);
    // Published on every interface by docker-proxy: the host's socket table says so.
    tree().sockets("tcp-exposed", "tcp6-empty");
    assertThat(status(audit(null), "local.listen-all-interfaces")).isEqualTo(Status.FAIL);
  }

  @Test
  void aLaterDropInOverridesAnEarlierOne() {
    installed()
        .dropIn("10-exposed.conf", "[Service]\nEnvironment=\"OLLAMA_HOST=0.0.0.0\"\n")
        .dropIn("corral.conf", "[Service]\nEnvironment=\"OLLAMA_HOST=127.0.0.1:11434\"\n");
    assertThat(status(audit(null), "local.ollama-host")).isEqualTo(Status.PASS);
  }

  @Test
  void rootProcessesAndUnitsWithoutUserFail() {
    installed().ollamaServer(0, Map.of());
    Finding byProcess = find(audit(null), "local.runs-as-root");
    assertThat(byProcess.status()).isEqualTo(Status.FAIL);
    assertThat(byProcess.evidence()).contains("uid 0");
  }

  @Test
  void aUnitWithoutUserRunsAsRoot() {
    tree().sockets("tcp-loopback", "tcp6-empty").unit("ollama-root.service");
    List<Finding> findings = audit(null);
    assertThat(status(findings, "local.runs-as-root")).isEqualTo(Status.FAIL);
    assertThat(status(findings, "local.ollama-host")).isEqualTo(Status.FAIL);
  }

  @Test
  void aWorldWritableModelsDirectoryFails() {
    installed().models("/usr/share/ollama/.ollama/models", "rwxrwxrwx");
    Finding f = find(audit(null), "local.models-permissions");
    assertThat(f.status()).isEqualTo(Status.FAIL);
    assertThat(f.remediation())
        .startsWith("chmod -R o-w ")
        .contains("usr/share/ollama/.ollama/models");
  }

  @Test
  void ollamaModelsInTheEnvironmentIsWhereModelsAreLookedFor() {
    installed()
        .ollamaServer(998, Map.of("OLLAMA_MODELS", "/srv/models"))
        .models("/srv/models", "rwxrwxrwx");
    assertThat(find(audit(null), "local.models-permissions").evidence()).contains("srv/models");
  }

  @Test
  void modelsUnusedForLongAreStale() {
    installed()
        .manifest(
            "/usr/share/ollama/.ollama/models",
            "registry.ollama.ai/library/llama2/7b",
            NOW.minus(Duration.ofDays(200)))
        .manifest(
            "/usr/share/ollama/.ollama/models",
            "hf.co/someone/model/Q4_K_M",
            NOW.minus(Duration.ofDays(100)));
    Finding f = find(audit(null), "local.stale-models");
    assertThat(f.status()).isEqualTo(Status.FAIL);
    assertThat(f.evidence())
        .contains("2 of 3")
        .contains("llama2:7b")
        .contains("hf.co/someone/model:Q4_K_M");
    assertThat(f.remediation()).contains("ollama rm llama2:7b");
  }

  @Test
  void anExposedOllamaWithoutFirewallRuleOrFrontFails() {
    installed()
        .sockets("tcp-exposed", "tcp6-empty")
        .fixture("/etc/iptables/rules.v4", "iptables-open.v4");
    List<Finding> findings = audit(null);
    assertThat(status(findings, "local.firewall")).isEqualTo(Status.FAIL);
    assertThat(status(findings, "local.proxy-in-front")).isEqualTo(Status.FAIL);
  }

  @Test
  void anNftablesAcceptForTheOllamaPortFails() {
    installed()
        .sockets("tcp-exposed", "tcp6-empty")
        .fixture("/etc/nftables.conf", "nftables-open.conf");
    Finding f = find(audit(null), "local.firewall");
    assertThat(f.status()).isEqualTo(Status.FAIL);
    assertThat(f.evidence()).contains("/etc/nftables.conf:5");
  }

  @Test
  void firewallRulesThatDropTheOllamaPortPass() {
    for (String fixture : List.of("nftables-drop.conf", "nftables-default-deny.conf")) {
      installed().sockets("tcp-exposed", "tcp6-empty").fixture("/etc/nftables.conf", fixture);
      assertThat(status(audit(null), "local.firewall")).as(fixture).isEqualTo(Status.PASS);
    }
    installed()
        .sockets("tcp-exposed", "tcp6-empty")
        .file("/etc/nftables.conf", "")
        .fixture("/etc/iptables/rules.v4", "iptables-rules.v4");
    Finding f = find(audit(null), "local.firewall");
    assertThat(f.status()).isEqualTo(Status.PASS);
    assertThat(f.evidence()).contains("only from named sources");
  }

  @Test
  void savedRulesGivenWithFirewallAreRead() {
    installed().sockets("tcp-exposed", "tcp6-empty");
    Path saved = dev.corral.audit.Fixtures.path("local/iptables-open.v4");
    Finding open = find(audit(null, Optional.empty(), List.of(saved)), "local.firewall");
    assertThat(open.status()).isEqualTo(Status.FAIL);
    assertThat(open.evidence()).contains("iptables-open.v4");
    Path drop = dev.corral.audit.Fixtures.path("local/nftables-drop.conf");
    assertThat(status(audit(null, Optional.empty(), List.of(drop)), "local.firewall"))
        .isEqualTo(Status.PASS);
  }

  @Test
  void aCorralGatewayInFrontOfLoopbackPassesAndMitigatesUnfixedAdvisories() {
    installed()
        .process(
            4321,
            List.of("java", "-jar", "/opt/corral/corral.jar", "gateway", "--config", "g.yaml"),
            Map.of(),
            999);
    List<Finding> findings = audit("0.32.15");
    Finding front = find(findings, "local.proxy-in-front");
    assertThat(front.status()).isEqualTo(Status.PASS);
    assertThat(front.evidence()).contains("corral gateway (pid 4321)");
    assertThat(status(findings, "local.unfixed-advisories")).isEqualTo(Status.PASS);
  }

  @Test
  void aFrontThatCanBeBypassedIsAWarning() {
    installed()
        .sockets("tcp-exposed", "tcp6-empty")
        .process(77, List.of("nginx: master process /usr/sbin/nginx"), Map.of(), 0);
    Finding f = find(audit(null), "local.proxy-in-front");
    assertThat(f.status()).isEqualTo(Status.WARN);
    assertThat(f.evidence()).contains("nginx (pid 77)").contains("bypassed");
  }

  @Test
  void anOldVersionFailsWithTheReleaseToUpgradeTo() {
    installed();
    List<Finding> findings = audit("0.1.33");
    Finding f = find(findings, "local.outdated-version");
    assertThat(f.status()).isEqualTo(Status.FAIL);
    assertThat(f.severity().id()).isEqualTo("critical");
    assertThat(f.evidence()).contains("CVE-2024-37032");
    assertThat(f.remediation()).startsWith("upgrade Ollama to ");
  }

  @Test
  void unfixedAdvisoriesWithoutAGatewayNeedMitigation() {
    installed();
    Finding f = find(audit("0.32.15"), "local.unfixed-advisories");
    assertThat(f.status()).isEqualTo(Status.FAIL);
    assertThat(f.evidence())
        .contains("no fix upstream, mitigation required")
        .contains("auth-required");
  }

  @Test
  void withoutAVersionTheVersionChecksAreSkipped() {
    installed();
    assertThat(status(audit(null), "local.outdated-version")).isEqualTo(Status.SKIP);
  }

  @Test
  void theInstalledBinaryIsAskedForItsVersion() throws Exception {
    Path fake = dir.resolve("ollama");
    java.nio.file.Files.writeString(
        fake,
        "#!/bin/sh\necho 'Warning: could not connect to a running Ollama instance'\n"
            + "echo \"Warning: client version is 0.6.8\"\n");
    java.nio.file.Files.setPosixFilePermissions(
        fake, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    assertThat(InstalledVersion.ask(fake.toString())).contains(OllamaVersion.parse("0.6.8"));
    assertThat(InstalledVersion.ask(dir.resolve("missing").toString())).isEmpty();
  }

  @Test
  void ollamaVersionOutputIsRead() {
    assertThat(InstalledVersion.parse("ollama version is 0.5.7\n"))
        .contains(OllamaVersion.parse("0.5.7"));
    assertThat(
            InstalledVersion.parse(
                "Warning: could not connect to a running Ollama instance\n"
                    + "Warning: client version is 0.12.6\n"))
        .contains(OllamaVersion.parse("0.12.6"));
    assertThat(InstalledVersion.parse("command not found")).isEmpty();
  }
}
