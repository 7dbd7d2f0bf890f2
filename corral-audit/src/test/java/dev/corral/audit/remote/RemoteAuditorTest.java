package dev.corral.audit.remote;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.audit.check.Check;
import dev.corral.audit.check.Finding;
import dev.corral.audit.check.Status;
import dev.corral.core.version.OllamaVersion;
import dev.corral.core.vuln.AdvisoryDatabase;
import dev.corral.lab.Emulator;
import dev.corral.lab.persona.AuthProxy;
import dev.corral.lab.persona.Persona;
import dev.corral.lab.server.LabServer;
import dev.corral.lab.server.Transports;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The remote checks against real lab hosts: open ones, and ones with an authenticating front. */
class RemoteAuditorTest {
  private static final AdvisoryDatabase ADVISORIES = AdvisoryDatabase.builtin();
  private static final String TOKEN = "corral-test-token-5f2a";

  private static EventLoopGroup group;
  private static LabServer open;
  private static LabServer oldWildcard;
  private static LabServer fronted;
  private static LabServer frontedStrict;
  private static LabServer plainNginx;

  @BeforeAll
  static void startLab() {
    group = Transports.newGroup(1);
    open = start(Persona.standard("open", Persona.NEWEST));
    // Not Ollama and not a front: a web server's welcome page on the port.
    plainNginx = start(Persona.builder("web", Persona.NEWEST).product("nginx").build());
    oldWildcard =
        start(Persona.builder("old", OllamaVersion.parse("0.1.33")).ollamaOrigins("*").build());
    // The stand-in for "a proxy in front": bearer auth, /api/version hidden, TLS.
    fronted =
        start(
            Persona.builder("fronted", Persona.NEWEST)
                .authProxy(new AuthProxy("bearer", TOKEN, null))
                .blockedPaths(List.of("/api/version"))
                .tls(true)
                .build());
    // A front that also keeps model management from ordinary keys.
    frontedStrict =
        start(
            Persona.builder("strict", Persona.NEWEST)
                .authProxy(new AuthProxy("bearer", TOKEN, null))
                .blockedPaths(
                    List.of("/api/version", "/api/pull", "/api/create", "/api/push", "/api/copy"))
                .tls(true)
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
    for (LabServer s : List.of(open, oldWildcard, fronted, frontedStrict, plainNginx)) {
      s.close();
    }
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private static List<Finding> audit(
      LabServer server, String key, boolean admin, RemoteTarget direct) {
    return audit(server, key, admin, direct, null);
  }

  private static List<Finding> audit(
      LabServer server, String key, boolean admin, RemoteTarget direct, OllamaVersion declared) {
    return audit(server, key, admin, direct, declared, null);
  }

  private static List<Finding> audit(
      LabServer server,
      String key,
      boolean admin,
      RemoteTarget direct,
      OllamaVersion declared,
      String ca) {
    RemoteOptions options =
        new RemoteOptions(
            RemoteTarget.parse(server.url()),
            Optional.ofNullable(key),
            false,
            admin,
            Optional.ofNullable(direct),
            Duration.ofSeconds(3),
            Optional.ofNullable(declared),
            Optional.ofNullable(ca));
    try (RemoteAuditor auditor = new RemoteAuditor(options, ADVISORIES)) {
      return auditor.audit();
    }
  }

  private static List<Finding> audit(LabServer server) {
    return audit(server, null, false, null);
  }

  private static Finding find(List<Finding> findings, Check check) {
    return find(findings, check.id());
  }

  private static Finding find(List<Finding> findings, String id) {
    return findings.stream().filter(f -> f.id().equals(id)).findFirst().orElseThrow();
  }

  private static RemoteTarget direct(LabServer server) {
    return RemoteTarget.parseHostPort("127.0.0.1:" + server.address().getPort());
  }

  private static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  static List<String> pinnedVersions() {
    return Persona.PINNED_VERSIONS;
  }

  /** Every emulated release: open it fails, behind a bearer front it passes, version matched. */
  @ParameterizedTest
  @MethodSource("pinnedVersions")
  void everyReleaseIsJudgedTheSameWayOpenAndFronted(String version) {
    OllamaVersion v = OllamaVersion.parse(version);
    LabServer bare = start(Persona.standard("bare-" + version, v));
    LabServer front =
        start(
            Persona.builder("front-" + version, v)
                .authProxy(new AuthProxy("bearer", TOKEN, null))
                .blockedPaths(
                    List.of("/api/version", "/api/pull", "/api/create", "/api/push", "/api/copy"))
                .build());
    try {
      List<Finding> open = audit(bare);
      assertThat(find(open, RemoteChecks.UNAUTHENTICATED_API).status()).isEqualTo(Status.FAIL);
      assertThat(find(open, RemoteChecks.INFERENCE_OPEN).status()).isEqualTo(Status.FAIL);
      assertThat(find(open, RemoteChecks.MANAGEMENT_OPEN).status()).isEqualTo(Status.FAIL);
      Finding outdated = find(open, "remote.outdated-version");
      assertThat(outdated.evidence()).contains("Ollama " + v);
      List<Finding> fronted = audit(front, TOKEN, false, null, v);
      for (Check c :
          List.of(
              RemoteChecks.UNAUTHENTICATED_API,
              RemoteChecks.INFERENCE_OPEN,
              RemoteChecks.MANAGEMENT_OPEN,
              RemoteChecks.VERSION_HIDDEN,
              RemoteChecks.KEY_ACCEPTED,
              RemoteChecks.ADMIN_REFUSED_TO_KEY)) {
        Finding f = find(fronted, c);
        assertThat(f.status()).as(c.id() + ": " + f.evidence()).isEqualTo(Status.PASS);
      }
    } finally {
      bare.close();
      front.close();
    }
  }

  @Test
  void anOpenOllamaFailsTheExposureChecks() {
    List<Finding> f = audit(open);
    Finding unauth = find(f, RemoteChecks.UNAUTHENTICATED_API);
    assertThat(unauth.status()).isEqualTo(Status.FAIL);
    assertThat(unauth.evidence()).contains("GET /api/tags -> 200");
    assertThat(find(f, RemoteChecks.INFERENCE_OPEN).status()).isEqualTo(Status.FAIL);
    Finding management = find(f, RemoteChecks.MANAGEMENT_OPEN);
    assertThat(management.status()).isEqualTo(Status.FAIL);
    assertThat(management.evidence()).contains("POST /api/pull {} -> 400");
    assertThat(find(f, RemoteChecks.VERSION_HIDDEN).status()).isEqualTo(Status.FAIL);
    assertThat(find(f, RemoteChecks.TLS).status()).isEqualTo(Status.FAIL);
    assertThat(find(f, RemoteChecks.CORS_WILDCARD).status()).isEqualTo(Status.PASS);
    assertThat(find(f, "remote.outdated-version").status()).isEqualTo(Status.PASS);
    Finding unfixed = find(f, "remote.unfixed-advisories");
    assertThat(unfixed.status()).isEqualTo(Status.FAIL);
    assertThat(unfixed.evidence()).contains("no fix upstream, mitigation required");
    assertThat(find(f, RemoteChecks.KEY_ACCEPTED).status()).isEqualTo(Status.SKIP);
    assertThat(find(f, RemoteChecks.DIRECT_PORT_CLOSED).status()).isEqualTo(Status.SKIP);
  }

  @Test
  void aWildcardOriginAndAnOldVersionFail() {
    List<Finding> f = audit(oldWildcard);
    Finding cors = find(f, RemoteChecks.CORS_WILDCARD);
    assertThat(cors.status()).isEqualTo(Status.FAIL);
    assertThat(cors.evidence()).contains("Access-Control-Allow-Origin");
    Finding outdated = find(f, "remote.outdated-version");
    assertThat(outdated.status()).isEqualTo(Status.FAIL);
    assertThat(outdated.evidence()).contains("Ollama 0.1.33").contains("CVE-2024-37032");
  }

  @Test
  void aBearerFrontPassesTheAnonymousChecksAndHidesTheVersion() {
    List<Finding> f = audit(fronted);
    for (Check c :
        List.of(
            RemoteChecks.UNAUTHENTICATED_API,
            RemoteChecks.INFERENCE_OPEN,
            RemoteChecks.MANAGEMENT_OPEN,
            RemoteChecks.CORS_WILDCARD,
            RemoteChecks.TLS,
            RemoteChecks.VERSION_HIDDEN)) {
      assertThat(find(f, c).status()).as(c.id()).isEqualTo(Status.PASS);
    }
    assertThat(find(f, RemoteChecks.UNAUTHENTICATED_API).evidence()).contains("-> 401");
  }

  @Test
  void somethingElseThanOllamaOrAFrontIsAWarningNotAPass() {
    List<Finding> f = audit(plainNginx);
    Finding unauth = find(f, RemoteChecks.UNAUTHENTICATED_API);
    assertThat(unauth.status()).isEqualTo(Status.WARN);
    assertThat(unauth.evidence()).contains("neither an open Ollama nor a front");
    assertThat(find(f, RemoteChecks.MANAGEMENT_OPEN).status()).isEqualTo(Status.PASS);
  }

  @Test
  void aSelfSignedCertificateIsRefusedUnlessItsCaIsGiven() {
    Finding untrusted = find(audit(fronted), RemoteChecks.TLS_CERTIFICATE);
    assertThat(untrusted.status()).isEqualTo(Status.FAIL);
    assertThat(untrusted.evidence()).contains("refuses it");
    String ca = dev.corral.lab.tls.LabCertificate.get().pem();
    Finding trusted =
        find(audit(fronted, null, false, null, null, ca), RemoteChecks.TLS_CERTIFICATE);
    assertThat(trusted.status()).as(trusted.evidence()).isEqualTo(Status.PASS);
    assertThat(find(audit(open), RemoteChecks.TLS_CERTIFICATE).status()).isEqualTo(Status.SKIP);
  }

  @Test
  void plainHttpToATlsFrontSaysToUseHttps() {
    String url = fronted.url().replace("https://", "http://");
    RemoteOptions options =
        new RemoteOptions(
            RemoteTarget.parse(url),
            Optional.empty(),
            false,
            false,
            Optional.empty(),
            Duration.ofSeconds(3),
            Optional.empty(),
            Optional.empty());
    List<Finding> f;
    try (RemoteAuditor auditor = new RemoteAuditor(options, ADVISORIES)) {
      f = auditor.audit();
    }
    Finding unauth = find(f, RemoteChecks.UNAUTHENTICATED_API);
    assertThat(unauth.status()).isEqualTo(Status.WARN);
    assertThat(unauth.remediation()).contains("audit https://127.0.0.1:");
  }

  @Test
  void aKeyThatReachesModelManagementFailsTheAdminCheck() {
    List<Finding> f = audit(fronted, TOKEN, false, null);
    assertThat(find(f, RemoteChecks.KEY_ACCEPTED).status()).isEqualTo(Status.PASS);
    Finding admin = find(f, RemoteChecks.ADMIN_REFUSED_TO_KEY);
    assertThat(admin.status()).isEqualTo(Status.FAIL);
    assertThat(admin.evidence()).contains("POST /api/pull {} -> 400");
    // The front hides /api/version even from the key: the version checks say so.
    Finding outdated = find(f, "remote.outdated-version");
    assertThat(outdated.status()).isEqualTo(Status.SKIP);
    assertThat(outdated.evidence()).contains("give it with --version");
  }

  @Test
  void anAdminKeyIsExpectedToReachModelManagement() {
    List<Finding> f = audit(fronted, TOKEN, true, null);
    assertThat(find(f, RemoteChecks.ADMIN_REFUSED_TO_KEY).status()).isEqualTo(Status.SKIP);
  }

  @Test
  void aFrontThatRefusesModelManagementToTheKeyPasses() {
    List<Finding> f = audit(frontedStrict, TOKEN, false, null, Persona.NEWEST);
    Finding admin = find(f, RemoteChecks.ADMIN_REFUSED_TO_KEY);
    assertThat(admin.status()).isEqualTo(Status.PASS);
    assertThat(admin.evidence()).contains("POST /api/pull {} -> 403");
    // Anonymous callers and ordinary keys are both kept from what the unfixed advisories need.
    Finding unfixed = find(f, "remote.unfixed-advisories");
    assertThat(unfixed.status()).isEqualTo(Status.PASS);
    assertThat(unfixed.evidence()).contains("Ollama " + Persona.NEWEST);
  }

  @Test
  void aWrongKeyIsReported() {
    List<Finding> f = audit(fronted, "not-the-token", false, null);
    Finding key = find(f, RemoteChecks.KEY_ACCEPTED);
    assertThat(key.status()).isEqualTo(Status.FAIL);
    assertThat(key.evidence()).contains("401");
    assertThat(key.evidence()).doesNotContain("not-the-token");
  }

  @Test
  void aDirectPortThatAnswersAroundTheFrontIsCritical() {
    List<Finding> f = audit(fronted, TOKEN, false, direct(open));
    Finding d = find(f, RemoteChecks.DIRECT_PORT_CLOSED);
    assertThat(d.status()).isEqualTo(Status.FAIL);
    assertThat(d.evidence()).contains("Ollama answers directly");
  }

  @Test
  void aClosedDirectPortPasses() throws IOException {
    RemoteTarget closed = RemoteTarget.parseHostPort("127.0.0.1:" + closedPort());
    Finding d = find(audit(fronted, TOKEN, false, closed), RemoteChecks.DIRECT_PORT_CLOSED);
    assertThat(d.status()).isEqualTo(Status.PASS);
    assertThat(d.evidence()).contains("not reachable from here");
  }

  @Test
  void nothingAnsweringSkipsTheChecksInsteadOfPassingThem() throws IOException {
    RemoteOptions options =
        new RemoteOptions(
            RemoteTarget.parse("http://127.0.0.1:" + closedPort()),
            Optional.empty(),
            false,
            false,
            Optional.empty(),
            Duration.ofSeconds(2),
            Optional.empty(),
            Optional.empty());
    List<Finding> f;
    try (RemoteAuditor auditor = new RemoteAuditor(options, ADVISORIES)) {
      f = auditor.audit();
    }
    assertThat(f).allSatisfy(x -> assertThat(x.status()).isEqualTo(Status.SKIP));
    assertThat(find(f, RemoteChecks.UNAUTHENTICATED_API).evidence()).contains("does not answer");
  }

  @Test
  void urlsAreCheckedBeforeAnythingIsSent() {
    assertThat(RemoteTarget.parse("127.0.0.1:11434").port()).isEqualTo(11434);
    assertThat(RemoteTarget.parse("https://llm.example.org").port()).isEqualTo(443);
    assertThat(RemoteTarget.parse("https://llm.example.org").hostHeader())
        .isEqualTo("llm.example.org");
    assertThat(RemoteTarget.parse("http://[::1]:8080/").host()).isEqualTo("::1");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> RemoteTarget.parse("ftp://x"))
        .hasMessageContaining("not an http or https URL");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> RemoteTarget.parse("http://x/api/tags"))
        .hasMessageContaining("has a path");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> RemoteTarget.parseHostPort("10.0.0.5"))
        .hasMessageContaining("expected HOST:PORT");
  }
}
