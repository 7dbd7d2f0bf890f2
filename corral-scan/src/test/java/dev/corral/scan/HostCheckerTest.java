package dev.corral.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.core.scan.AuthStatus;
import dev.corral.core.scan.CveEntry;
import dev.corral.core.scan.HostRecord;
import dev.corral.core.scan.Risk;
import dev.corral.core.scan.ScanState;
import dev.corral.core.version.OllamaVersion;
import dev.corral.core.version.VersionRange;
import dev.corral.core.vuln.AdvisoryDatabase;
import dev.corral.lab.persona.AuthProxy;
import dev.corral.lab.persona.Persona;
import dev.corral.lab.server.LabServer;
import dev.corral.scan.engine.CheckOptions;
import dev.corral.scan.engine.HostChecker;
import dev.corral.scan.engine.ScanTarget;
import dev.corral.scan.http.ClientSettings;
import dev.corral.scan.http.ScanHttpClient;
import dev.corral.scan.record.Enrichment;
import dev.corral.scan.record.RecordBuilder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostCheckerTest {
  private static LabTargets lab;
  private static ScanHttpClient client;
  private static HostChecker checker;

  @BeforeAll
  static void start() {
    lab = new LabTargets();
    client = new ScanHttpClient(ClientSettings.defaults().withTimeout(Duration.ofSeconds(2)), 1);
    checker =
        new HostChecker(
            client,
            new RecordBuilder(AdvisoryDatabase.builtin(), Enrichment.NONE),
            CheckOptions.defaults(),
            Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    client.close();
    lab.close();
  }

  private static HostRecord check(LabServer server) {
    return checker.check(LabTargets.target(server)).join();
  }

  private static List<String> ids(HostRecord r, String certainty) {
    return r.cves().stream()
        .filter(c -> c.certainty().equals(certainty))
        .map(CveEntry::id)
        .toList();
  }

  @Test
  void exposedNewestOllamaIsFullyDescribed() {
    HostRecord r = check(lab.start("0.32.15"));
    assertThat(r.state()).isEqualTo(ScanState.OPEN);
    assertThat(r.product()).isEqualTo("ollama");
    assertThat(r.ollama()).isTrue();
    assertThat(r.confidence()).isGreaterThanOrEqualTo(0.9);
    assertThat(r.version()).isEqualTo("0.32.15");
    assertThat(r.versionRange()).isNull();
    assertThat(r.auth()).isEqualTo(AuthStatus.NONE);
    assertThat(r.exposed()).isTrue();
    assertThat(r.models())
        .extracting(m -> m.name())
        .containsExactlyInAnyOrder("llama3.2:latest", "qwen2.5:0.5b", "nomic-embed-text:latest");
    assertThat(r.models())
        .filteredOn(m -> m.name().equals("llama3.2:latest"))
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.quantization()).isEqualTo("Q4_K_M");
              assertThat(m.parameterSize()).isEqualTo("3.2B");
              assertThat(m.capabilities()).containsExactly("completion", "tools");
            });
    assertThat(r.running()).containsExactly("llama3.2:latest");
    assertThat(r.openaiCompatible()).isTrue();
    assertThat(r.corsAnyOrigin()).isFalse();
    assertThat(ids(r, "certain")).contains("CVE-2025-63389").doesNotContain("CVE-2024-37032");
    assertThat(r.risk()).isEqualTo(Risk.CRITICAL);
    assertThat(r.evidence())
        .extracting(e -> e.request())
        .contains(
            "GET /",
            "GET /api/version",
            "GET /api/tags",
            "GET /api/ps",
            "HEAD /api/blobs/sha256:0");
    assertThat(r.evidence().size()).isLessThanOrEqualTo(CheckOptions.defaults().maxRequests());
  }

  @Test
  void probllamaVersionAndWildcardOriginsAreFlagged() {
    HostRecord r =
        check(
            lab.start(
                Persona.builder("old", OllamaVersion.parse("0.1.33")).ollamaOrigins("*").build()));
    assertThat(r.version()).isEqualTo("0.1.33");
    assertThat(r.exposed()).isTrue();
    assertThat(r.corsAnyOrigin()).isTrue();
    assertThat(ids(r, "certain")).contains("CVE-2024-37032", "CVE-2024-45436");
    assertThat(r.running()).isEmpty(); // 0.1.33 has no /api/ps
    assertThat(r.openaiCompatible()).isTrue(); // /v1/chat/completions since 0.1.24
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"0.1.34", "0.1.47", "0.3.14", "0.5.7", "0.6.8", "0.12.11", "0.17.1", "0.32.15"})
  void hiddenVersionIsNarrowedToARangeThatHoldsTheTruth(String version) {
    HostRecord r =
        check(
            lab.start(
                Persona.builder("hidden", OllamaVersion.parse(version))
                    .blockedPaths(List.of("/api/version"))
                    .build()));
    assertThat(r.ollama()).isTrue();
    assertThat(r.version()).isNull();
    assertThat(r.versionRange()).isNotNull();
    VersionRange range = VersionRange.parse(r.versionRange());
    assertThat(range.contains(OllamaVersion.parse(version)))
        .as("range %s must contain %s", r.versionRange(), version)
        .isTrue();
    assertThat(r.evidence().stream().filter(e -> !e.request().equals("note")).count())
        .isLessThanOrEqualTo(CheckOptions.defaults().maxRequests());
  }

  @Test
  void hiddenProbllamaVersionStillGetsItsCertainAdvisory() {
    HostRecord r =
        check(
            lab.start(
                Persona.builder("hidden", OllamaVersion.parse("0.1.33"))
                    .blockedPaths(List.of("/api/version"))
                    .build()));
    assertThat(VersionRange.parse(r.versionRange()).contains(OllamaVersion.parse("0.1.34")))
        .isFalse();
    assertThat(ids(r, "certain")).contains("CVE-2024-37032");
  }

  @Test
  void sourceBuildReports000AndGetsARange() {
    HostRecord r =
        check(
            lab.start(
                Persona.builder("src", OllamaVersion.parse("0.12.11"))
                    .reportedVersion("0.0.0")
                    .build()));
    assertThat(r.version()).isEqualTo("0.0.0");
    assertThat(VersionRange.parse(r.versionRange()).contains(OllamaVersion.parse("0.12.11")))
        .isTrue();
  }

  @Test
  void authProxyInFrontIsNotExposed() {
    HostRecord r =
        check(
            lab.start(
                Persona.builder("fenced", Persona.NEWEST)
                    .authProxy(new AuthProxy("basic", "a:b", null))
                    .build()));
    assertThat(r.state()).isEqualTo(ScanState.OPEN);
    assertThat(r.auth()).isEqualTo(AuthStatus.REQUIRED);
    assertThat(r.exposed()).isFalse();
    assertThat(r.models()).isEmpty();
    assertThat(r.risk()).isEqualTo(Risk.NONE);
  }

  @Test
  void closedPortIsClosed() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    HostRecord r = checker.check(ScanTarget.of("closed", address, false)).join();
    assertThat(r.state()).isEqualTo(ScanState.CLOSED);
    assertThat(r.product()).isNull();
    assertThat(r.exposed()).isFalse();
  }

  @Test
  void loopbackBoundOllamaBehindAProxyIsReachedWithHostLocalhost() {
    LabServer server =
        lab.start(Persona.builder("rebind", Persona.NEWEST).ollamaHost("127.0.0.1:11434").build());
    InetSocketAddress a = server.address();
    // What a remote scanner sends when it reaches a same-host proxy that passes Host through.
    ScanTarget viaPublicName = new ScanTarget("ollama.example.com", a, "ollama.example.com", false);
    HostRecord r = checker.check(viaPublicName).join();
    assertThat(r.ollama()).isTrue();
    assertThat(r.exposed()).isTrue();
    assertThat(r.evidence()).anySatisfy(e -> assertThat(e.snippet()).contains("Host: localhost"));
  }

  @Test
  void ollamaBehindATlsFrontOnThePlainPortIsCheckedOverHttps() {
    LabServer server = lab.start(Persona.builder("tls", Persona.NEWEST).tls(true).build());
    HostRecord r = check(server); // the target says http: the scanner finds out
    assertThat(r.scheme()).isEqualTo("https");
    assertThat(r.ollama()).isTrue();
    assertThat(r.version()).isEqualTo("0.32.15");
    assertThat(r.exposed()).isTrue();
    assertThat(r.models()).isNotEmpty();
    assertThat(r.evidence())
        .anySatisfy(e -> assertThat(e.snippet()).contains("the port speaks TLS"));
  }

  @Test
  void anHttpsTargetIsSpokenToOverTlsFromTheStart() {
    LabServer server =
        lab.start(Persona.builder("tls", OllamaVersion.parse("0.1.33")).tls(true).build());
    InetSocketAddress a = server.address();
    HostRecord r = checker.check(ScanTarget.of("https://" + a.getPort(), a, true)).join();
    assertThat(r.scheme()).isEqualTo("https");
    assertThat(r.version()).isEqualTo("0.1.33");
    assertThat(r.evidence()).noneSatisfy(e -> assertThat(e.snippet()).contains("speaks TLS"));
  }

  @Test
  void aPortThatHangsUpOnEveryoneStaysPlainAndOpen() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread acceptor =
          Thread.ofVirtual()
              .start(
                  () -> {
                    while (!s.isClosed()) {
                      try {
                        s.accept().close();
                      } catch (java.io.IOException e) {
                        return;
                      }
                    }
                  });
      InetSocketAddress address =
          new InetSocketAddress(InetAddress.getLoopbackAddress(), s.getLocalPort());
      HostRecord r = checker.check(ScanTarget.of("hang-up", address, false)).join();
      assertThat(r.state()).isEqualTo(ScanState.OPEN);
      assertThat(r.scheme()).isEqualTo("http"); // TLS was tried and got nothing either
      assertThat(r.ollama()).isFalse();
      s.close();
      acceptor.join(2000);
    }
  }
}
