package dev.corral.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabCommandTest {

  private static Process corral(String... args) throws Exception {
    return CorralProcess.builder(List.of(args))
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  @Test
  void startsAServerAnswersAndStopsOnSigterm() throws Exception {
    Process lab =
        corral("lab", "--port", "0", "--listen", "127.0.0.1", "--version", "0.1.33", "--json");
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(lab.getInputStream(), StandardCharsets.UTF_8));
      String line = out.readLine();
      assertThat(line)
          .startsWith("{\"url\":\"http://127.0.0.1:")
          .contains("\"version\":\"0.1.33\"");
      String url = line.substring(8, line.indexOf('"', 8));
      HttpClient client = HttpClient.newHttpClient();
      HttpResponse<String> version =
          client.send(
              HttpRequest.newBuilder(URI.create(url + "/api/version")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(version.body()).isEqualTo("{\"version\":\"0.1.33\"}");
    } finally {
      lab.destroy();
    }
    assertThat(lab.waitFor(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void tlsFrontServesHttpsAndTurnsPlainHttpAway() throws Exception {
    Process lab = corral("lab", "--port", "0", "--tls", "--json");
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(lab.getInputStream(), StandardCharsets.UTF_8));
      String line = out.readLine();
      assertThat(line).startsWith("{\"url\":\"https://127.0.0.1:").contains("\"tls\":true");
      String url = line.substring(8, line.indexOf('"', 8));
      URI base = URI.create(url);
      HttpClient client = HttpClient.newBuilder().sslContext(trustingAnything()).build();
      HttpResponse<String> banner =
          client.send(
              HttpRequest.newBuilder(base.resolve("/")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(banner.body()).isEqualTo("Ollama is running");
      try (java.net.Socket plain = new java.net.Socket(base.getHost(), base.getPort())) {
        plain
            .getOutputStream()
            .write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(new String(plain.getInputStream().readAllBytes(), StandardCharsets.US_ASCII))
            .isEqualTo(
                "HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n");
      }
    } finally {
      lab.destroy();
    }
    assertThat(lab.waitFor(10, TimeUnit.SECONDS)).isTrue();
  }

  /** The lab's certificate is self-signed: the test looks at the server, not at trust. */
  private static javax.net.ssl.SSLContext trustingAnything() throws Exception {
    javax.net.ssl.TrustManager all =
        new javax.net.ssl.X509ExtendedTrustManager() {
          @Override
          public void checkClientTrusted(java.security.cert.X509Certificate[] c, String a) {}

          @Override
          public void checkServerTrusted(java.security.cert.X509Certificate[] c, String a) {}

          @Override
          public void checkClientTrusted(
              java.security.cert.X509Certificate[] c, String a, java.net.Socket s) {}

          @Override
          public void checkServerTrusted(
              java.security.cert.X509Certificate[] c, String a, java.net.Socket s) {}

          @Override
          public void checkClientTrusted(
              java.security.cert.X509Certificate[] c, String a, javax.net.ssl.SSLEngine e) {}

          @Override
          public void checkServerTrusted(
              java.security.cert.X509Certificate[] c, String a, javax.net.ssl.SSLEngine e) {}

          @Override
          public java.security.cert.X509Certificate[] getAcceptedIssuers() {
            return new java.security.cert.X509Certificate[0];
          }
        };
    javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
    context.init(null, new javax.net.ssl.TrustManager[] {all}, null);
    return context;
  }

  @Test
  void portInUseIsOneClearLine() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      CliRun run = CliRun.of("lab", "--port", Integer.toString(taken.getLocalPort()));
      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.err().strip())
          .isEqualTo(
              "corral: 127.0.0.1:"
                  + taken.getLocalPort()
                  + " is already in use (is another Ollama or lab running?)");
    }
  }

  @Test
  void invalidVersionIsAUsageError() {
    CliRun run = CliRun.of("lab", "--version", "latest");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("corral: --version: invalid Ollama version 'latest'");
  }

  @Test
  void nonLoopbackListenIsRefused() {
    CliRun run = CliRun.of("lab", "--listen", "0.0.0.0");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("corral: --listen: 0.0.0.0 is not a loopback address");
  }

  @Test
  void unreadableConfigNamesTheFile(@TempDir Path dir) {
    CliRun run = CliRun.of("lab", "--config", dir.resolve("missing.yaml").toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err().strip())
        .isEqualTo(
            "corral: cannot read lab config " + dir.resolve("missing.yaml") + ": no such file");
  }

  @Test
  void badConfigNamesTheField(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("lab.yaml");
    Files.writeString(config, "hosts:\n  - address: 127.0.0.2\n    version: nope\n");
    CliRun run = CliRun.of("lab", "--config", config.toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err())
        .startsWith("corral: " + config + ": hosts[0].version: invalid Ollama version 'nope'");
  }

  @Test
  void listVersionsShowsThePinnedReleasesAndTheTimeline() {
    CliRun run = CliRun.of("lab", "--list-versions");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("0.1.33, 0.1.34, 0.1.47, 0.3.14, 0.5.7, 0.6.8, 0.12.11, 0.17.1, 0.32.15")
        .contains(">=0.1.34", "digest_validation");
  }

  @Test
  void badAuthSpecIsAUsageError() {
    CliRun run = CliRun.of("lab", "--auth", "digest:x");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err())
        .startsWith("corral: --auth: scheme must be 'basic' or 'bearer', not 'digest'");
  }
}
