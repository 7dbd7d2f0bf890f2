package dev.corral.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.corral.gateway.auth.IssuedKey;
import dev.corral.gateway.auth.KeyAdmin;
import dev.corral.gateway.auth.KeySpec;
import dev.corral.gateway.clients.NodeClients;
import dev.corral.gateway.config.AuditSettings;
import dev.corral.gateway.config.Endpoint;
import dev.corral.gateway.config.GatewayConfig;
import dev.corral.gateway.config.UpstreamUrl;
import dev.corral.gateway.policy.Role;
import dev.corral.lab.Emulator;
import dev.corral.lab.server.LabServer;
import dev.corral.store.Store;
import io.netty.channel.EventLoopGroup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official {@code ollama} and {@code openai} JavaScript clients (src/test/node), used as their
 * users use them, through the real gateway (keys in SQLite, the Ollama policy) in front of the lab:
 * streams arrive in pieces, listings are filtered to the key's models, model management and
 * anonymous calls are refused, and nothing refused reaches the upstream.
 */
class OfficialClientsTest {
  @TempDir Path dir;

  @Test
  void officialClientsStreamThroughTheGatewayAndMeetItsPolicy() throws Exception {
    EventLoopGroup labGroup = dev.corral.lab.server.Transports.newGroup(1);
    RecordingEmulator upstream =
        new RecordingEmulator(
            Emulator.of(ProxyHarness.persona(Duration.ofMillis(5)), Clock.systemUTC()));
    LabServer lab =
        LabServer.start(
            upstream,
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            labGroup,
            Clock.systemUTC());
    String db = dir.resolve("corral.db").toString();
    Gateway gateway = null;
    try (Store admin = Store.open(db)) {
      IssuedKey user =
          new KeyAdmin(admin)
              .create(new KeySpec("js-clients", Role.USER, List.of("llama3.2*"), 0, 0, null));
      GatewayConfig config =
          GatewayConfig.defaults()
              .withListen(new Endpoint("127.0.0.1", 0))
              .withAdminListen(null)
              .withDb(db)
              .withUpstream(UpstreamUrl.parse("http://127.0.0.1:" + lab.address().getPort()))
              .withAudit(new AuditSettings(dir.resolve("audit.jsonl").toString(), true, false));
      gateway = Gateway.start(config, "unused");

      Map<String, JsonNode> checks =
          NodeClients.run(
              "http://127.0.0.1:" + gateway.address().getPort(), user.key(), "llama3.2");

      assertThat(checks.get("ollama.list").path("ok").asBoolean()).as("%s", checks).isTrue();
      assertThat(names(checks.get("ollama.list"))).containsExactly("llama3.2:latest");

      JsonNode chat = checks.get("ollama.chat.stream");
      assertThat(chat.path("ok").asBoolean()).as("%s", chat).isTrue();
      assertThat(chat.path("chunks").asInt()).isGreaterThan(2);
      assertThat(chat.path("text").asText()).isNotBlank();
      assertThat(chat.path("eval_count").asInt()).isPositive();

      JsonNode generate = checks.get("ollama.generate.stream");
      assertThat(generate.path("ok").asBoolean()).as("%s", generate).isTrue();
      assertThat(generate.path("chunks").asInt()).isGreaterThan(2);

      JsonNode openaiChat = checks.get("openai.chat.stream");
      assertThat(openaiChat.path("ok").asBoolean()).as("%s", openaiChat).isTrue();
      assertThat(openaiChat.path("chunks").asInt()).isGreaterThan(2);
      assertThat(openaiChat.path("text").asText()).isNotBlank();

      assertThat(checks.get("openai.models").path("ok").asBoolean()).isTrue();
      assertThat(names(checks.get("openai.models"))).containsExactly("llama3.2:latest");

      // A user key may not pull; no key at all gets nothing.
      JsonNode pull = checks.get("ollama.pull");
      assertThat(pull.path("ok").asBoolean()).as("%s", pull).isFalse();
      assertThat(pull.path("status").asInt()).isEqualTo(403);
      JsonNode anonymous = checks.get("ollama.anonymous.list");
      assertThat(anonymous.path("ok").asBoolean()).as("%s", anonymous).isFalse();
      assertThat(anonymous.path("status").asInt()).isEqualTo(401);
      assertThat(upstream.requests).noneMatch(request -> request.contains("/api/pull"));
    } finally {
      if (gateway != null) {
        gateway.close();
      }
      lab.close();
      labGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  private static List<String> names(JsonNode check) {
    List<String> names = new ArrayList<>();
    check.path("models").forEach(name -> names.add(name.asText()));
    return names;
  }
}
