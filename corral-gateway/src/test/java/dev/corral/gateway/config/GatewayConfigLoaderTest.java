package dev.corral.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corral.gateway.http.Transport;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class GatewayConfigLoaderTest {

  private static final String FULL =
      """
      listen: "127.0.0.1:8080"
      upstream: "http://127.0.0.1:11434"
      tls:
        cert: /etc/corral/tls/cert.pem
        key: /etc/corral/tls/key.pem
      admin_listen: "127.0.0.1:9464"
      db: /var/lib/corral/corral.db
      policy:
        registries: [registry.ollama.ai, hf.co]
        origins: []
        hosts: [ollama.example.com]
        allow_cloud_routes: false
      limits:
        max_json_body: 32MiB
        max_blob_body: 256GiB
        max_header_size: 16KiB
        header_timeout: 10s
        idle_timeout: 120s
        upstream_timeout: 600s
        max_streams_per_key: 8
        max_streams: 512
        max_connections: 1000
      audit:
        jsonl: /var/log/corral/audit.jsonl
        store: true
        log_prompts: false
      """;

  @Test
  void readsTheDocumentedExample() {
    GatewayConfig c = GatewayConfigLoader.parse(FULL, "gateway.yaml");
    assertThat(c.listen()).isEqualTo(new Endpoint("127.0.0.1", 8080));
    assertThat(c.upstream().endpoint()).isEqualTo(new Endpoint("127.0.0.1", 11434));
    assertThat(c.tls().cert()).isEqualTo(Path.of("/etc/corral/tls/cert.pem"));
    assertThat(c.adminListen().port()).isEqualTo(9464);
    assertThat(c.db()).isEqualTo("/var/lib/corral/corral.db");
    assertThat(c.policy().registries()).containsExactly("registry.ollama.ai", "hf.co");
    assertThat(c.policy().hosts()).containsExactly("ollama.example.com");
    assertThat(c.policy().maxJsonBody()).isEqualTo(32L << 20);
    assertThat(c.policy().maxBlobBody()).isEqualTo(256L << 30);
    assertThat(c.limits().maxHeaderSize()).isEqualTo(16 << 10);
    assertThat(c.limits().headerTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.limits().upstreamTimeout()).isEqualTo(Duration.ofSeconds(600));
    assertThat(c.limits().maxStreams()).isEqualTo(512);
    assertThat(c.limits().maxConnections()).isEqualTo(1000);
    assertThat(c.audit().jsonl()).isEqualTo("/var/log/corral/audit.jsonl");
  }

  @Test
  void theExampleInTheDocsIsValidAndEqualToTheDefaults() {
    Path example = Path.of("..", "docs", "examples", "gateway.yaml");
    assertThat(GatewayConfigLoader.load(example)).isEqualTo(GatewayConfig.defaults());
  }

  @Test
  void anEmptyFileGivesSafeDefaults() {
    GatewayConfig c = GatewayConfigLoader.parse("", "empty.yaml");
    assertThat(c.listen().host()).isEqualTo("127.0.0.1");
    assertThat(c.adminListen().host()).isEqualTo("127.0.0.1");
    assertThat(c.tls()).isNull();
    assertThat(c.policy().origins()).isEmpty();
    assertThat(c.policy().registries()).containsExactly("registry.ollama.ai");
    assertThat(c.policy().allowCloudRoutes()).isFalse();
  }

  @Test
  void unknownKeysNameFileLineAndField() {
    assertThatThrownBy(
            () ->
                GatewayConfigLoader.parse(
                    "listen: 127.0.0.1:1\nlimits:\n  max_jsn_body: 1MiB\n", "g.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("g.yaml:3: limits.max_jsn_body: unknown key");
    assertThatThrownBy(() -> GatewayConfigLoader.parse("lisen: x\n", "g.yaml"))
        .hasMessageStartingWith("g.yaml:1: lisen: unknown key");
  }

  @Test
  void logPromptsCannotBeTurnedOn() {
    assertThat(
            GatewayConfigLoader.parse("audit:\n  log_prompts: false\n", "g.yaml")
                .audit()
                .logPrompts())
        .isFalse();
    assertThatThrownBy(
            () ->
                GatewayConfigLoader.parse("audit:\n  store: true\n  log_prompts: true\n", "g.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "g.yaml:3: audit.log_prompts: removed: corral never logs prompts or completions;"
                + " delete this line");
  }

  @Test
  void badValuesNameTheLine() {
    assertThatThrownBy(
            () -> GatewayConfigLoader.parse("limits:\n  header_timeout: ten\n", "g.yaml"))
        .hasMessageStartingWith("g.yaml:2: limits.header_timeout: invalid duration 'ten'");
    assertThatThrownBy(
            () -> GatewayConfigLoader.parse("limits:\n\n  max_json_body: 3 lots\n", "g.yaml"))
        .hasMessageStartingWith("g.yaml:3: limits.max_json_body: invalid size");
    assertThatThrownBy(() -> GatewayConfigLoader.parse("upstream: https://x:1\n", "g.yaml"))
        .hasMessageContaining("g.yaml:1: upstream:")
        .hasMessageContaining("http://");
    assertThatThrownBy(() -> GatewayConfigLoader.parse("listen: 8080\n", "g.yaml"))
        .hasMessageStartingWith("g.yaml:1: listen:");
    assertThatThrownBy(() -> GatewayConfigLoader.parse("policy:\n  origins: x\n", "g.yaml"))
        .hasMessageStartingWith("g.yaml:2: policy.origins: expected a list");
    assertThatThrownBy(() -> GatewayConfigLoader.parse("audit:\n  store: maybe\n", "g.yaml"))
        .hasMessageStartingWith("g.yaml:2: audit.store: expected true or false");
    assertThatThrownBy(() -> GatewayConfigLoader.parse("tls:\n  cert: a.pem\n", "g.yaml"))
        .hasMessageStartingWith("g.yaml:2: tls: give both cert and key");
    assertThatThrownBy(() -> GatewayConfigLoader.parse("listen: [a\n", "g.yaml"))
        .hasMessageStartingWith("g.yaml:")
        .hasMessageContaining("not valid YAML");
    assertThatThrownBy(() -> GatewayConfigLoader.parse("listen: a:1\nlisten: b:2\n", "g.yaml"))
        .hasMessageContaining("g.yaml:");
  }

  @Test
  void flagsOverrideTheFileAndNameThemselvesInErrors() {
    GatewayConfig file = GatewayConfigLoader.parse(FULL, "gateway.yaml");
    GatewayConfig c =
        new Overrides(
                "0.0.0.0:9000", "http://127.0.0.1:11500", null, null, null, "x.db", "-", null, null)
            .applyTo(file);
    assertThat(c.listen()).isEqualTo(new Endpoint("0.0.0.0", 9000));
    assertThat(c.upstream().endpoint().port()).isEqualTo(11500);
    assertThat(c.tls()).isEqualTo(file.tls());
    assertThat(c.db()).isEqualTo("x.db");
    assertThat(c.audit().jsonl()).isEqualTo("-");
    assertThatThrownBy(
            () ->
                new Overrides("nope", null, null, null, null, null, null, null, null).applyTo(file))
        .hasMessageStartingWith("--listen: ");
    assertThatThrownBy(
            () ->
                new Overrides(null, null, Path.of("c.pem"), null, null, null, null, null, null)
                    .applyTo(GatewayConfig.defaults()))
        .hasMessage("--tls-cert needs --tls-key too");
  }

  @Test
  void transportIsChosenByNameOrAutomatically() {
    assertThat(GatewayConfigLoader.parse("transport: nio\n", "g.yaml").transport())
        .isEqualTo(Transport.NIO);
    assertThat(GatewayConfigLoader.parse("transport: AUTO\n", "g.yaml").transport())
        .isEqualTo(Transport.best());
    assertThat(GatewayConfig.defaults().transport()).isEqualTo(Transport.best());
    for (Transport t : Transport.values()) {
      if (t.available()) {
        assertThat(GatewayConfigLoader.parse("transport: " + t.id() + "\n", "g.yaml").transport())
            .isEqualTo(t);
        assertThat(
                new Overrides(null, null, null, null, null, null, null, t.id(), null)
                    .applyTo(GatewayConfig.defaults())
                    .transport())
            .isEqualTo(t);
      } else {
        assertThatThrownBy(() -> GatewayConfigLoader.parse("transport: " + t.id() + "\n", "g.yaml"))
            .hasMessageStartingWith("g.yaml:1: transport: " + t.id() + " cannot be used");
      }
    }
    assertThatThrownBy(() -> GatewayConfigLoader.parse("limits: {}\ntransport: kqueue\n", "g.yaml"))
        .hasMessageStartingWith("g.yaml:2: transport: unknown transport 'kqueue'");
    assertThatThrownBy(
            () ->
                new Overrides(null, null, null, null, null, null, null, "uring", null)
                    .applyTo(GatewayConfig.defaults()))
        .hasMessageStartingWith("--transport: unknown transport 'uring'");
  }

  @Test
  void eventLoopsAreANumberOrOnePerProcessor() {
    int perProcessor = Math.max(1, Runtime.getRuntime().availableProcessors());
    assertThat(GatewayConfig.defaults().eventLoopThreads()).isEqualTo(perProcessor);
    assertThat(GatewayConfigLoader.parse("event_loops: auto\n", "g.yaml").eventLoopThreads())
        .isEqualTo(perProcessor);
    assertThat(GatewayConfigLoader.parse("event_loops: 3\n", "g.yaml").eventLoopThreads())
        .isEqualTo(3);
    assertThat(
            new Overrides(null, null, null, null, null, null, null, null, "5")
                .applyTo(GatewayConfigLoader.parse("event_loops: 3\n", "g.yaml"))
                .eventLoopThreads())
        .as("the flag wins over the file")
        .isEqualTo(5);
    for (String bad : new String[] {"0", "-1", "257", "two", "1.5", ""}) {
      assertThatThrownBy(
              () -> GatewayConfigLoader.parse("limits: {}\nevent_loops: '" + bad + "'\n", "g.yaml"))
          .as("event_loops: '%s'", bad)
          .hasMessageStartingWith("g.yaml:2: event_loops: expected auto or a number of threads");
    }
    assertThatThrownBy(
            () ->
                new Overrides(null, null, null, null, null, null, null, null, "0")
                    .applyTo(GatewayConfig.defaults()))
        .hasMessageStartingWith(
            "--event-loops: expected auto or a number of threads from 1 to 256");
  }

  @Test
  void sizesAndEndpoints() {
    assertThat(Sizes.parse("16KiB")).isEqualTo(16384);
    assertThat(Sizes.parse("1GB")).isEqualTo(1_000_000_000L);
    assertThat(Sizes.parse("100")).isEqualTo(100);
    assertThat(Sizes.format(32L << 20)).isEqualTo("32MiB");
    assertThat(Endpoint.parse("[::1]:80")).isEqualTo(new Endpoint("::1", 80));
    assertThat(Endpoint.parse("[::1]:80").authority()).isEqualTo("[::1]:80");
    assertThatThrownBy(() -> Endpoint.parse("::1:80")).hasMessageContaining("brackets");
    assertThatThrownBy(() -> Endpoint.parse("a:70000")).hasMessageContaining("out of range");
  }
}
