package dev.corral.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.corral.core.json.Json;
import dev.corral.gateway.config.GatewayConfig;
import dev.corral.gateway.config.GatewayConfigLoader;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The configuration {@code corral harden} writes, run by the real gateway in front of a lab Ollama,
 * and audited from the outside: the fix the seed asks for, proven end to end.
 */
class HardenedGatewayTest {

  @Test
  void theGatewayReadsBothGeneratedConfigurations(@TempDir Path dir) {
    assertThat(CliRun.of("harden", "-o", dir.toString()).exitCode()).isZero();
    GatewayConfig compose = GatewayConfigLoader.load(dir.resolve("corral/gateway.yaml"));
    assertThat(compose.upstream().toString()).contains("ollama:11434");
    assertThat(compose.tls()).isNotNull();
    assertThat(compose.listen().port()).isEqualTo(8443);
    assertThat(compose.audit().logPrompts()).isFalse();
    GatewayConfig host = GatewayConfigLoader.load(dir.resolve("corral/gateway-host.yaml"));
    assertThat(host.upstream().toString()).contains("127.0.0.1:11434");
    assertThat(host.adminListen().host()).isEqualTo("127.0.0.1");
  }

  @Test
  void theHardenedGatewayInFrontOfALabPassesTheRemoteAudit(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("hardened");
    assertThat(CliRun.of("harden", "-o", out.toString()).exitCode()).isZero();
    X509Bundle cert =
        new CertificateBuilder()
            .subject("CN=corral-audit-test")
            .addSanIpAddress("127.0.0.1")
            .notBefore(Instant.now().minus(Duration.ofDays(1)))
            .notAfter(Instant.now().plus(Duration.ofDays(1)))
            .ecp256()
            .setIsCertificateAuthority(true)
            .addExtendedKeyUsageServerAuth()
            .buildSelfSigned();
    Path certFile = Files.writeString(out.resolve("corral/tls/cert.pem"), cert.getCertificatePEM());
    Path keyFile = Files.writeString(out.resolve("corral/tls/key.pem"), cert.getPrivateKeyPEM());
    String db = dir.resolve("corral.db").toString();
    CliRun created = CliRun.of("keys", "create", "--name", "alice", "--db", db, "--json");
    assertThat(created.exitCode()).as(created.err()).isZero();
    String key = Json.mapper().readTree(created.out()).get("key").asText();

    Process lab =
        CorralProcess.builder(List.of("lab", "--port", "0", "--json"))
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    Process gateway = null;
    try {
      String labLine =
          new BufferedReader(new InputStreamReader(lab.getInputStream(), StandardCharsets.UTF_8))
              .readLine();
      String labUrl = labLine.substring(8, labLine.indexOf('"', 8));
      // The generated host configuration; only the addresses are moved to free loopback ports.
      gateway =
          CorralProcess.builder(
                  List.of(
                      "gateway",
                      "--config",
                      out.resolve("corral/gateway-host.yaml").toString(),
                      "--listen",
                      "127.0.0.1:0",
                      "--admin-listen",
                      "127.0.0.1:0",
                      "--upstream",
                      labUrl,
                      "--tls-cert",
                      certFile.toString(),
                      "--tls-key",
                      keyFile.toString(),
                      "--db",
                      db,
                      "--audit-log",
                      dir.resolve("audit.jsonl").toString()))
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      String first =
          new BufferedReader(
                  new InputStreamReader(gateway.getInputStream(), StandardCharsets.UTF_8))
              .readLine();
      assertThat(first).startsWith("corral gateway listening on https://127.0.0.1:");
      String url = first.substring("corral gateway listening on ".length(), first.indexOf(" -> "));

      CliRun audit =
          CliRun.of(
              "audit",
              url,
              "--key",
              key,
              "--ca",
              certFile.toString(),
              "--direct",
              "127.0.0.1:" + closedPort(),
              "--version",
              "0.32.15",
              "--format",
              "json",
              "--fail-on",
              "low");
      JsonNode report = Json.mapper().readTree(audit.out());
      Map<String, String> statuses = new java.util.TreeMap<>();
      report
          .get("checks")
          .forEach(c -> statuses.put(c.get("id").asText(), c.get("status").asText()));
      assertThat(statuses)
          .as(audit.out())
          .containsEntry("remote.unauthenticated-api", "pass")
          .containsEntry("remote.inference-open", "pass")
          .containsEntry("remote.model-management-open", "pass")
          .containsEntry("remote.cors-wildcard", "pass")
          .containsEntry("remote.tls", "pass")
          .containsEntry("remote.tls-certificate", "pass")
          .containsEntry("remote.version-hidden", "pass")
          .containsEntry("remote.key-accepted", "pass")
          .containsEntry("remote.admin-routes-refused", "pass")
          .containsEntry("remote.direct-port-closed", "pass")
          .containsEntry("remote.outdated-version", "pass")
          .containsEntry("remote.unfixed-advisories", "pass");
      assertThat(report.get("score").asInt()).isEqualTo(100);
      assertThat(audit.exitCode()).isZero();
      assertThat(audit.out()).doesNotContain(key);

      // The lab itself stands for an Ollama left reachable around the gateway.
      String labHostPort = labUrl.substring("http://".length());
      CliRun bypass =
          CliRun.of("audit", url, "--key", key, "--direct", labHostPort, "--format", "json");
      JsonNode bypassed = Json.mapper().readTree(bypass.out());
      bypassed
          .get("checks")
          .forEach(
              c -> {
                if (c.get("id").asText().equals("remote.direct-port-closed")) {
                  assertThat(c.get("status").asText()).isEqualTo("fail");
                }
              });
      gateway.destroy();
      assertThat(gateway.waitFor(20, TimeUnit.SECONDS)).isTrue();
    } finally {
      if (gateway != null) {
        gateway.destroyForcibly();
      }
      lab.destroy();
      lab.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static int closedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
