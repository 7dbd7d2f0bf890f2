package dev.corral.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corral.gateway.config.Limits;
import dev.corral.gateway.config.TlsFiles;
import dev.corral.gateway.http.GatewayStartException;
import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsAndHttp2Test {
  private static X509Bundle bundle;
  private static SSLContext trusting;
  @TempDir static Path dir;
  private static TlsFiles files;
  private ProxyHarness gw;

  @BeforeAll
  static void certificate() throws Exception {
    Instant now = Instant.now();
    bundle =
        new CertificateBuilder()
            .subject("CN=corral-gateway-test")
            .addSanDnsName("localhost")
            .addSanIpAddress("127.0.0.1")
            .notBefore(now.minus(Duration.ofDays(1)))
            .notAfter(now.plus(Duration.ofDays(1)))
            .ecp256()
            .setIsCertificateAuthority(true)
            .addExtendedKeyUsageServerAuth()
            .buildSelfSigned();
    Path cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    Files.writeString(cert, bundle.getCertificatePEM());
    Files.writeString(key, bundle.getPrivateKeyPEM());
    files = new TlsFiles(cert, key);
    trusting = SSLContext.getInstance("TLS");
    trusting.init(null, bundle.toTrustManagerFactory().getTrustManagers(), null);
  }

  @AfterEach
  void stop() {
    if (gw != null) {
      gw.close();
    }
  }

  @AfterAll
  static void noLeaks() {
    assertThat(LeakRecorder.collect()).isEmpty();
  }

  private HttpClient client(HttpClient.Version version) {
    return HttpClient.newBuilder().version(version).sslContext(trusting).build();
  }

  private HttpRequest.Builder request(String url) {
    return HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(10))
        .header("Authorization", "Bearer " + gw.keys.user.key());
  }

  @Test
  void servesHttp2AndHttp11OverTls() throws Exception {
    gw = new ProxyHarness(ProxyHarness.persona(Duration.ofMillis(1)), Limits.defaults(), files, 8);
    String base = "https://127.0.0.1:" + gw.address().getPort();
    HttpResponse<String> h2 =
        client(HttpClient.Version.HTTP_2)
            .send(request(base + "/api/version").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(h2.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(h2.statusCode()).isEqualTo(200);
    assertThat(h2.body()).contains("\"version\"");
    HttpResponse<String> h1 =
        client(HttpClient.Version.HTTP_1_1)
            .send(request(base + "/api/version").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(h1.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
    assertThat(h1.statusCode()).isEqualTo(200);
    HttpResponse<String> refused =
        client(HttpClient.Version.HTTP_2)
            .send(
                HttpRequest.newBuilder(URI.create(base + "/api/tags")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.headers().firstValue("www-authenticate"))
        .hasValue("Bearer realm=\"corral\"");
    assertThat(gw.upstream.requests).containsExactly("GET /api/version", "GET /api/version");
    assertThat(gw.awaitEvents(3)).allSatisfy(e -> assertThat(e.client()).startsWith("127.0.0.1:"));
  }

  @Test
  void streamsLineByLineOverHttp2() throws Exception {
    gw = new ProxyHarness(ProxyHarness.persona(Duration.ofMillis(40)), Limits.defaults(), files, 8);
    String base = "https://127.0.0.1:" + gw.address().getPort();
    HttpRequest generate =
        request(base + "/api/generate")
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"model\":\"llama3.2\",\"prompt\":\"Why is the sky blue?\"}"))
            .build();
    HttpResponse<Stream<String>> response =
        client(HttpClient.Version.HTTP_2).send(generate, HttpResponse.BodyHandlers.ofLines());
    assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
    long start = System.nanoTime();
    List<Long> arrivals;
    List<String> lines;
    try (Stream<String> body = response.body()) {
      List<Object[]> seen =
          body.map(l -> new Object[] {l, (System.nanoTime() - start) / 1_000_000}).toList();
      lines = seen.stream().map(o -> (String) o[0]).toList();
      arrivals = seen.stream().map(o -> (Long) o[1]).toList();
    }
    assertThat(lines).hasSizeGreaterThan(3);
    assertThat(lines.getLast()).contains("\"done\":true");
    assertThat(arrivals.getLast() - arrivals.getFirst()).isGreaterThan(80);
    assertThat(gw.awaitEvents(1).getFirst().evalTokens()).isPositive();
  }

  @Test
  void resettingAnHttp2StreamCancelsTheUpstream() throws Exception {
    gw = new ProxyHarness(ProxyHarness.persona(Duration.ofMillis(50)), Limits.defaults(), files, 8);
    String base = "https://127.0.0.1:" + gw.address().getPort();
    HttpRequest generate =
        request(base + "/api/generate")
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"model\":\"llama3.2\",\"prompt\":\"Why is the sky blue?\"}"))
            .build();
    HttpResponse<java.io.InputStream> response =
        client(HttpClient.Version.HTTP_2).send(generate, HttpResponse.BodyHandlers.ofInputStream());
    assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
    java.io.InputStream body = response.body();
    assertThat(body.read()).isEqualTo('{');
    body.close();
    long deadline = System.nanoTime() + 1_000_000_000L;
    while (gw.upstream.streamsEnded.get() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(gw.upstream.streamsEnded.get()).isEqualTo(1);
    assertThat(gw.limiter.activeStreams()).isZero();
  }

  @Test
  void anHttp2BodyThatStopsArrivingEndsItsStream() throws Exception {
    Limits quick =
        new Limits(
            1 << 20,
            1 << 20,
            16 << 10,
            Duration.ofSeconds(5),
            Duration.ofMillis(300),
            Duration.ofSeconds(5),
            8,
            8);
    gw = new ProxyHarness(ProxyHarness.persona(Duration.ofMillis(1)), quick, files, 8);
    String base = "https://127.0.0.1:" + gw.address().getPort();
    try (java.util.concurrent.SubmissionPublisher<java.nio.ByteBuffer> body =
        new java.util.concurrent.SubmissionPublisher<>()) {
      HttpRequest stalled =
          request(base + "/api/generate")
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.fromPublisher(body, 1000))
              .build();
      var answer =
          client(HttpClient.Version.HTTP_2)
              .sendAsync(stalled, HttpResponse.BodyHandlers.ofString());
      body.submit(
          java.nio.ByteBuffer.wrap(
              "{\"model\":".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      long start = System.nanoTime();
      assertThatThrownBy(() -> answer.get(5, java.util.concurrent.TimeUnit.SECONDS))
          .isInstanceOf(java.util.concurrent.ExecutionException.class)
          .hasCauseInstanceOf(java.io.IOException.class);
      assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(3_000);
    }
    assertThat(gw.upstream.requests).isEmpty();
    assertThat(gw.awaitEvents(1).getFirst().rule()).isEqualTo("body-timeout");
  }

  @Test
  void upgradesPlainConnectionsToH2c() throws Exception {
    gw = new ProxyHarness(ProxyHarness.persona(Duration.ofMillis(1)), Limits.defaults(), null, 8);
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
    String url = gw.url() + "/api/version";
    HttpResponse<String> first =
        client.send(request(url).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(first.statusCode()).isEqualTo(200);
    HttpResponse<String> second =
        client.send(request(url).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(second.version()).isEqualTo(HttpClient.Version.HTTP_2);
    assertThat(second.body()).contains("\"version\"");
  }

  @Test
  void onlyAConnectionsFirstRequestMayUpgradeToH2c() throws Exception {
    gw = new ProxyHarness(ProxyHarness.persona(Duration.ofMillis(1)), Limits.defaults(), null, 8);
    String key = "Authorization: Bearer " + gw.keys.user.key() + "\r\n";
    String upgrade =
        "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n"
            + "HTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n";
    try (dev.corral.lab.RawHttp http = new dev.corral.lab.RawHttp(gw.address())) {
      String first = http.send("GET /api/version HTTP/1.1\r\nHost: gw\r\n" + key + "\r\n");
      assertThat(first).startsWith("HTTP/1.1 200");
      // A later request asking to switch is answered in HTTP/1.1, on the same connection.
      String second = http.send("GET /api/tags HTTP/1.1\r\nHost: gw\r\n" + key + upgrade + "\r\n");
      assertThat(second).startsWith("HTTP/1.1 200").contains("\"models\"");
      assertThat(http.send("GET /api/version HTTP/1.1\r\nHost: gw\r\n" + key + "\r\n"))
          .startsWith("HTTP/1.1 200");
    }
    assertThat(gw.upstream.requests)
        .containsExactly("GET /api/version", "GET /api/tags", "GET /api/version");
    // The switch it asked for is hop-by-hop: the upstream hears nothing of it.
    assertThat(gw.upstream.full.get(1).headers())
        .extracting(e -> e.getKey().toLowerCase(java.util.Locale.ROOT))
        .doesNotContain("upgrade", "http2-settings");
    // The first request still may: a fresh connection switches.
    try (dev.corral.lab.RawHttp http = new dev.corral.lab.RawHttp(gw.address())) {
      http.sendOnly("GET /api/version HTTP/1.1\r\nHost: gw\r\n" + key + upgrade + "\r\n");
      assertThat(http.readHead()).startsWith("HTTP/1.1 101");
    }
  }

  @Test
  void refusesUnusableTlsFiles() throws Exception {
    Path bogus = dir.resolve("bogus.pem");
    Files.writeString(bogus, "not a certificate");
    assertThatThrownBy(
            () ->
                new ProxyHarness(
                    ProxyHarness.persona(Duration.ofMillis(1)),
                    Limits.defaults(),
                    new TlsFiles(bogus, files.key()),
                    8))
        .isInstanceOf(GatewayStartException.class)
        .hasMessageContaining("bogus.pem");
  }
}
