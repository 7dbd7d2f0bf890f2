package dev.corral.gateway.policy;

import static dev.corral.gateway.policy.Requests.caller;
import static dev.corral.gateway.policy.Requests.head;
import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.core.gojson.GoJsonReader;
import dev.corral.core.gojson.GoObject;
import dev.corral.core.version.OllamaVersion;
import dev.corral.lab.Emulator;
import dev.corral.lab.persona.Persona;
import dev.corral.lab.server.LabServer;
import dev.corral.lab.server.Transports;
import io.netty.channel.EventLoopGroup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Listings as the lab's emulated Ollama versions write them, filtered for a restricted key. */
class LabListingTest {

  private static EventLoopGroup group;
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private final OllamaPolicy policy = new OllamaPolicy(PolicySettings.defaults());

  @BeforeAll
  static void startGroup() {
    group = Transports.newGroup(1);
  }

  @AfterAll
  static void stopGroup() {
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private static byte[] get(LabServer server, String path) throws Exception {
    InetSocketAddress a = server.address();
    HttpResponse<byte[]> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.getPort() + path)).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  @ParameterizedTest(name = "Ollama {0}")
  @ValueSource(strings = {"0.3.14", "0.6.8", "0.32.15"})
  void listingsKeepOnlyTheKeysModels(String version) throws Exception {
    LabServer server =
        LabServer.start(
            Emulator.of(Persona.standard("lab", OllamaVersion.parse(version)), Clock.systemUTC()),
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            group,
            Clock.systemUTC());
    try {
      for (String path : List.of("/api/tags", "/api/ps", "/v1/models")) {
        Route route = policy.judgeHead(Requests.USER_ALL, head("GET", path)).route();
        byte[] upstream = get(server, path);
        assertThat(policy.filterListing(Requests.USER_ALL, route, upstream))
            .as("a * key sees the listing byte for byte")
            .isEqualTo(upstream);
        byte[] filtered = policy.filterListing(caller(Role.USER, "llama3.2"), route, upstream);
        List<Object> entries = entries(filtered, path);
        // /api/ps lists only llama3.2, the one model the lab loads; the others list three.
        assertThat(entries(upstream, path))
            .hasSize(path.equals("/api/ps") ? entries.size() : entries.size() + 2);
        assertThat(entries)
            .isNotEmpty()
            .allSatisfy(
                e ->
                    assertThat(((GoObject) e).string(path.equals("/v1/models") ? "id" : "name"))
                        .startsWith("llama3.2"));
      }
    } finally {
      server.close();
    }
  }

  private static List<Object> entries(byte[] body, String path) throws Exception {
    GoObject document = (GoObject) GoJsonReader.readValue(body);
    return document.array(path.equals("/v1/models") ? "data" : "models");
  }
}
