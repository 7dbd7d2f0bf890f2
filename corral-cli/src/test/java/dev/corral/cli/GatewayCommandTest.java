package dev.corral.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
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

class GatewayCommandTest {

  @Test
  void startsInFrontOfALabRefusesKeylessRequestsAndServesKeyedOnes(@TempDir Path dir)
      throws Exception {
    String db = dir.resolve("corral.db").toString();
    CliRun created = CliRun.of("keys", "create", "--name", "t", "--db", db, "--json");
    assertThat(created.exitCode()).isZero();
    String key = dev.corral.core.json.Json.mapper().readTree(created.out()).get("key").asText();
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
      gateway =
          CorralProcess.builder(
                  List.of(
                      "gateway",
                      "--listen",
                      "127.0.0.1:0",
                      "--admin-listen",
                      "127.0.0.1:0",
                      "--upstream",
                      labUrl,
                      "--db",
                      db))
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(gateway.getInputStream(), StandardCharsets.UTF_8));
      String first = out.readLine();
      assertThat(first)
          .startsWith("corral gateway listening on http://127.0.0.1:")
          .contains(labUrl);
      String url = first.substring("corral gateway listening on ".length(), first.indexOf(" -> "));
      HttpClient client = HttpClient.newHttpClient();
      HttpResponse<String> refused =
          client.send(
              HttpRequest.newBuilder(URI.create(url + "/api/tags")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(refused.statusCode()).isEqualTo(401);
      HttpResponse<String> served =
          client.send(
              HttpRequest.newBuilder(URI.create(url + "/api/version"))
                  .header("Authorization", "Bearer " + key)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(served.statusCode()).isEqualTo(200);
      assertThat(served.body()).contains("\"version\"");
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

  @Test
  void aBadConfigNamesTheFileLineAndField(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("gateway.yaml");
    Files.writeString(config, "listen: 127.0.0.1:8080\nlimits:\n  idle_timeout: forever\n");
    CliRun run = CliRun.of("gateway", "--config", config.toString());
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains(config + ":3: limits.idle_timeout: invalid duration 'forever'");
    CliRun flag = CliRun.of("gateway", "--listen", "nowhere");
    assertThat(flag.exitCode()).isEqualTo(2);
    assertThat(flag.err()).contains("--listen: ");
  }
}
