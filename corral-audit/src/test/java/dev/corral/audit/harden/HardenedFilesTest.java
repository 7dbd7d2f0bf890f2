package dev.corral.audit.harden;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.corral.audit.Fixtures;
import dev.corral.audit.check.AuditReport;
import dev.corral.audit.check.Finding;
import dev.corral.audit.check.Status;
import dev.corral.audit.container.ComposeReader;
import dev.corral.audit.container.ContainerChecks;
import dev.corral.audit.container.ContainerSpec;
import dev.corral.audit.container.DockerInspectReader;
import dev.corral.audit.local.LocalAuditor;
import dev.corral.audit.local.LocalOptions;
import dev.corral.core.version.OllamaVersion;
import dev.corral.core.vuln.AdvisoryDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HardenedFilesTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Test
  void theGeneratedComposeFilePassesEveryContainerCheck() {
    Map<String, String> files = HardenedFiles.of(HardenSettings.defaults());
    List<ContainerSpec> specs = ComposeReader.parse(files.get(HardenedFiles.COMPOSE), "generated");
    List<Finding> findings = ContainerChecks.check(specs);
    assertThat(findings).hasSize(ContainerChecks.ALL.size());
    assertThat(findings).allSatisfy(f -> assertThat(f.status()).as(f.id()).isEqualTo(Status.PASS));
    assertThat(new AuditReport("generated", findings).score()).isEqualTo(100);
  }

  @Test
  void theComposeFilePutsOllamaOnAnInternalNetworkBehindTheGateway() throws Exception {
    JsonNode c =
        YAML.readTree(HardenedFiles.of(HardenSettings.defaults()).get(HardenedFiles.COMPOSE));
    JsonNode ollama = c.at("/services/ollama");
    assertThat(ollama.has("ports")).isFalse();
    assertThat(ollama.get("networks").toString()).isEqualTo("[\"ollama-internal\"]");
    assertThat(c.at("/networks/ollama-internal/internal").asBoolean()).isTrue();
    assertThat(ollama.get("tmpfs").toString()).contains("/tmp");
    JsonNode corral = c.at("/services/corral");
    assertThat(corral.get("image").asText()).isEqualTo("${CORRAL_IMAGE:-corral:latest}");
    assertThat(corral.get("command").asText())
        .isEqualTo("gateway --config /etc/corral/gateway.yaml");
    assertThat(corral.get("ports").get(0).asText()).isEqualTo("8443:8443");
    assertThat(corral.get("volumes").toString())
        .contains("./corral/gateway.yaml:/etc/corral/gateway.yaml:ro");
    assertThat(c.at("/volumes/ollama").isObject()).isTrue();
  }

  @Test
  void theGatewayConfigurationHasTheContractsKeys() throws Exception {
    Map<String, String> files = HardenedFiles.of(HardenSettings.defaults());
    JsonNode g = YAML.readTree(files.get(HardenedFiles.GATEWAY));
    assertThat(g.get("listen").asText()).isEqualTo("0.0.0.0:8443");
    assertThat(g.get("upstream").asText()).isEqualTo("http://ollama:11434");
    assertThat(g.at("/tls/cert").asText()).isEqualTo("/etc/corral/tls/cert.pem");
    assertThat(g.at("/tls/key").asText()).isEqualTo("/etc/corral/tls/key.pem");
    assertThat(g.get("admin_listen").asText()).startsWith("127.0.0.1:");
    assertThat(g.at("/policy/registries").toString()).isEqualTo("[\"registry.ollama.ai\"]");
    assertThat(g.at("/policy/origins").isArray()).isTrue();
    assertThat(g.at("/policy/allow_cloud_routes").asBoolean(true)).isFalse();
    for (String limit :
        List.of(
            "max_json_body",
            "max_blob_body",
            "max_header_size",
            "header_timeout",
            "idle_timeout",
            "upstream_timeout",
            "max_streams_per_key",
            "max_streams")) {
      assertThat(g.at("/limits/" + limit).isMissingNode()).as(limit).isFalse();
    }
    // corral never logs prompts; the key is gone from the gateway's configuration.
    assertThat(g.at("/audit/log_prompts").isMissingNode()).isTrue();
    JsonNode host = YAML.readTree(files.get(HardenedFiles.GATEWAY_HOST));
    assertThat(host.get("upstream").asText()).isEqualTo("http://127.0.0.1:11434");
  }

  @Test
  void theAuditedContainersModelsVolumeAndPortAreCarriedOver() throws Exception {
    HardenSettings s =
        HardenSettings.carriedFrom(
            DockerInspectReader.read(Fixtures.path("container/inspect-bad.json")));
    assertThat(s.models().source()).isEqualTo("ollama");
    assertThat(s.models().external()).isTrue();
    assertThat(s.gatewayPort()).isEqualTo(11434);
    JsonNode c = YAML.readTree(HardenedFiles.of(s).get(HardenedFiles.COMPOSE));
    assertThat(c.at("/services/ollama/volumes/0").asText()).isEqualTo("ollama:/ollama");
    assertThat(c.at("/services/ollama/environment/OLLAMA_MODELS").asText())
        .isEqualTo("/ollama/models");
    assertThat(c.at("/volumes/ollama/external").asBoolean()).isTrue();
    assertThat(c.at("/services/corral/ports/0").asText()).isEqualTo("11434:8443");
    // Still passes the audit.
    assertThat(
            ContainerChecks.check(
                ComposeReader.parse(HardenedFiles.of(s).get(HardenedFiles.COMPOSE), "g")))
        .allSatisfy(f -> assertThat(f.status()).as(f.id()).isEqualTo(Status.PASS));
  }

  @Test
  void gpusOfTheAuditedContainerAreKept() throws Exception {
    List<ContainerSpec> specs =
        ComposeReader.parse(
            "services:\n  ollama:\n    image: ollama/ollama\n    deploy:\n      resources:\n"
                + "        reservations:\n          devices:\n            - driver: nvidia\n"
                + "              count: all\n              capabilities: [gpu]\n",
            "gpu.yml");
    assertThat(specs.get(0).gpus()).isTrue();
    HardenSettings s = HardenSettings.carriedFrom(specs);
    assertThat(s.gpus()).isTrue();
    String compose = HardenedFiles.of(s).get(HardenedFiles.COMPOSE);
    JsonNode c = YAML.readTree(compose);
    assertThat(c.at("/services/ollama/deploy/resources/reservations/devices/0/driver").asText())
        .isEqualTo("nvidia");
    assertThat(ContainerChecks.check(ComposeReader.parse(compose, "g")))
        .allSatisfy(f -> assertThat(f.status()).as(f.id()).isEqualTo(Status.PASS));
    assertThat(HardenedFiles.of(HardenSettings.defaults()).get(HardenedFiles.COMPOSE))
        .doesNotContain("nvidia");
  }

  @Test
  void aModelsDirectoryMountIsKeptAsAHostPath() {
    HardenSettings s =
        HardenSettings.carriedFrom(
            ComposeReader.parse(
                "services:\n  ollama:\n    image: ollama/ollama\n    volumes: [\"/srv/models:/root/.ollama/models\"]\n    ports: [\"127.0.0.1:11500:11434\"]\n",
                "c.yml"));
    assertThat(s.models().source()).isEqualTo("/srv/models");
    assertThat(s.modelsInDotOllama()).isFalse();
    assertThat(s.gatewayHostIp()).isEqualTo("127.0.0.1");
    String compose = HardenedFiles.of(s).get(HardenedFiles.COMPOSE);
    assertThat(compose).contains("\"/srv/models:/ollama\"").contains("OLLAMA_MODELS: \"/ollama\"");
    assertThat(compose).contains("\"127.0.0.1:11500:8443\"");
  }

  @Test
  void theDropInInstalledOnAnExposedMachineMakesTheLocalChecksPass(@TempDir Path root)
      throws Exception {
    // A hand-written unit that binds every interface and sets no user...
    write(root, "etc/systemd/system/ollama.service", Fixtures.text("local/ollama-root.service"));
    // ...after the fix and a restart: the drop-in installed, Ollama on loopback.
    write(
        root,
        HardenedFiles.DROP_IN,
        HardenedFiles.of(HardenSettings.defaults()).get(HardenedFiles.DROP_IN));
    write(root, "proc/net/tcp", Fixtures.text("local/tcp-loopback"));
    write(root, "proc/net/tcp6", Fixtures.text("local/tcp6-loopback"));
    List<Finding> findings =
        new LocalAuditor(
                new LocalOptions(
                    root,
                    Optional.empty(),
                    Optional.of(OllamaVersion.parse("0.32.15")),
                    false,
                    90,
                    Clock.systemUTC(),
                    List.of()),
                AdvisoryDatabase.builtin())
            .audit();
    for (String id :
        List.of(
            "local.listen-all-interfaces",
            "local.ollama-host",
            "local.cors-wildcard",
            "local.runs-as-root",
            "local.proxy-in-front")) {
      Finding f = findings.stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow();
      assertThat(f.status()).as(id + ": " + f.evidence()).isEqualTo(Status.PASS);
    }
    Finding host =
        findings.stream().filter(x -> x.id().equals("local.ollama-host")).findFirst().orElseThrow();
    assertThat(host.evidence()).contains("ollama.service.d/corral.conf");
  }

  @Test
  void theGeneratedFirewallRulesDropTheOllamaPort(@TempDir Path root) throws Exception {
    write(
        root,
        "etc/nftables.conf",
        HardenedFiles.of(HardenSettings.defaults()).get(HardenedFiles.FIREWALL));
    write(root, "proc/net/tcp", Fixtures.text("local/tcp-exposed"));
    List<Finding> findings =
        new LocalAuditor(
                new LocalOptions(
                    root,
                    Optional.empty(),
                    Optional.empty(),
                    false,
                    90,
                    Clock.systemUTC(),
                    List.of()),
                AdvisoryDatabase.builtin())
            .audit();
    Finding f =
        findings.stream().filter(x -> x.id().equals("local.firewall")).findFirst().orElseThrow();
    assertThat(f.status()).as(f.evidence()).isEqualTo(Status.PASS);
    assertThat(f.evidence()).contains("tcp dport 11434 drop");
  }

  @Test
  void filesAreNotOverwrittenWithoutForce(@TempDir Path dir) throws Exception {
    Map<String, String> files = HardenedFiles.of(HardenSettings.defaults());
    HardenWriter.write(dir, files, false);
    assertThat(dir.resolve(HardenedFiles.COMPOSE)).exists();
    assertThat(dir.resolve("corral/tls")).isDirectory();
    Files.writeString(dir.resolve(HardenedFiles.README), "mine");
    assertThatThrownBy(() -> HardenWriter.write(dir, files, false))
        .isInstanceOf(HardenWriter.ExistsException.class)
        .hasMessageContaining("README.md")
        .hasMessageContaining("--force");
    assertThat(Files.readString(dir.resolve(HardenedFiles.README))).isEqualTo("mine");
    HardenWriter.write(dir, files, true);
    assertThat(Files.readString(dir.resolve(HardenedFiles.README))).startsWith("# Hardened Ollama");
  }

  private static void write(Path root, String relative, String text) throws Exception {
    Path p = root.resolve(relative);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
  }
}
