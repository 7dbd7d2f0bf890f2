package dev.corral.gateway.config;

import dev.corral.core.text.Durations;
import dev.corral.gateway.http.Transport;
import dev.corral.gateway.policy.PolicySettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads the gateway's YAML configuration strictly: unknown keys, wrong types and bad values are
 * errors naming the file, the line and the field; anything not given keeps its safe default.
 */
public final class GatewayConfigLoader {
  private static final Set<String> TOP =
      Set.of(
          "listen",
          "upstream",
          "tls",
          "admin_listen",
          "db",
          "policy",
          "limits",
          "audit",
          "transport",
          "event_loops");
  private static final Set<String> TLS = Set.of("cert", "key");
  private static final Set<String> POLICY =
      Set.of("registries", "origins", "hosts", "allow_cloud_routes");
  private static final Set<String> LIMITS =
      Set.of(
          "max_json_body",
          "max_blob_body",
          "max_header_size",
          "header_timeout",
          "idle_timeout",
          "upstream_timeout",
          "max_streams_per_key",
          "max_streams",
          "max_connections",
          "max_body_memory",
          "max_connections_per_ip");
  private static final Set<String> AUDIT = Set.of("jsonl", "store", "log_prompts");

  private final String source;

  private GatewayConfigLoader(String source) {
    this.source = source;
  }

  /** Reads and validates a config file. */
  public static GatewayConfig load(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new ConfigException(file + ": no such file", e);
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read: " + e.getMessage(), e);
    }
    return parse(text, file.toString());
  }

  /**
   * Validates a config given as text.
   *
   * @param source the name used in error messages, usually the file's path
   */
  public static GatewayConfig parse(String text, String source) {
    return new GatewayConfigLoader(source).read(YamlNode.parse(text, source));
  }

  private GatewayConfig read(YamlNode root) {
    Map<String, YamlNode> top = mapping(root, "the document", TOP);
    GatewayConfig c = GatewayConfig.defaults();
    if (present(top, "listen")) {
      c = c.withListen(value(top.get("listen"), "listen", Endpoint::parse));
    }
    if (present(top, "upstream")) {
      c = c.withUpstream(value(top.get("upstream"), "upstream", UpstreamUrl::parse));
    }
    if (present(top, "tls")) {
      Map<String, YamlNode> tls = mapping(top.get("tls"), "tls", TLS);
      if (!present(tls, "cert") || !present(tls, "key")) {
        throw error(top.get("tls"), "tls", "give both cert and key (PEM files)");
      }
      c =
          c.withTls(
              new TlsFiles(
                  value(tls.get("cert"), "tls.cert", Path::of),
                  value(tls.get("key"), "tls.key", Path::of)));
    }
    if (top.containsKey("admin_listen")) {
      c =
          c.withAdminListen(
              present(top, "admin_listen")
                  ? value(top.get("admin_listen"), "admin_listen", Endpoint::parse)
                  : null);
    }
    if (present(top, "db")) {
      c = c.withDb(value(top.get("db"), "db", s -> nonBlank(s)));
    }
    Limits limits = present(top, "limits") ? limits(top.get("limits")) : Limits.defaults();
    c = c.withLimits(limits);
    c = c.withPolicy(present(top, "policy") ? policy(top.get("policy"), limits) : policy(limits));
    if (present(top, "audit")) {
      c = c.withAudit(audit(top.get("audit")));
    }
    if (present(top, "transport")) {
      c = c.withTransport(value(top.get("transport"), "transport", Transport::parse));
    }
    if (present(top, "event_loops")) {
      c =
          c.withEventLoops(
              value(top.get("event_loops"), "event_loops", GatewayConfig::parseEventLoops));
    }
    return c;
  }

  private static PolicySettings policy(Limits limits) {
    PolicySettings d = PolicySettings.defaults();
    return new PolicySettings(
        d.registries(),
        d.origins(),
        d.hosts(),
        d.allowCloudRoutes(),
        limits.maxJsonBody(),
        limits.maxBlobBody());
  }

  private PolicySettings policy(YamlNode node, Limits limits) {
    Map<String, YamlNode> m = mapping(node, "policy", POLICY);
    PolicySettings d = PolicySettings.defaults();
    return new PolicySettings(
        present(m, "registries")
            ? strings(m.get("registries"), "policy.registries")
            : d.registries(),
        present(m, "origins") ? strings(m.get("origins"), "policy.origins") : d.origins(),
        present(m, "hosts") ? strings(m.get("hosts"), "policy.hosts") : d.hosts(),
        present(m, "allow_cloud_routes")
            ? bool(m.get("allow_cloud_routes"), "policy.allow_cloud_routes")
            : d.allowCloudRoutes(),
        limits.maxJsonBody(),
        limits.maxBlobBody());
  }

  private Limits limits(YamlNode node) {
    Map<String, YamlNode> m = mapping(node, "limits", LIMITS);
    Limits d = Limits.defaults();
    long maxJson = size(m, "max_json_body", d.maxJsonBody());
    long maxBlob = size(m, "max_blob_body", d.maxBlobBody());
    long maxHeader = size(m, "max_header_size", d.maxHeaderSize());
    if (maxHeader < 1024 || maxHeader > (1 << 20)) {
      throw error(m.get("max_header_size"), "limits.max_header_size", "must be 1KiB to 1MiB");
    }
    long bodyMemory = size(m, "max_body_memory", Limits.defaultBodyMemory(maxJson));
    if (bodyMemory < maxJson) {
      throw error(
          m.get("max_body_memory"),
          "limits.max_body_memory",
          "must be at least limits.max_json_body, or no body of the largest size is ever read");
    }
    return new Limits(
        maxJson,
        maxBlob,
        (int) maxHeader,
        duration(m, "header_timeout", d.headerTimeout()),
        duration(m, "idle_timeout", d.idleTimeout()),
        duration(m, "upstream_timeout", d.upstreamTimeout()),
        count(m, "max_streams_per_key", d.maxStreamsPerKey()),
        count(m, "max_streams", d.maxStreams()),
        count(m, "max_connections", d.maxConnections()),
        bodyMemory,
        count(m, "max_connections_per_ip", d.maxConnectionsPerIp()));
  }

  private AuditSettings audit(YamlNode node) {
    Map<String, YamlNode> m = mapping(node, "audit", AUDIT);
    AuditSettings d = AuditSettings.defaults();
    return new AuditSettings(
        present(m, "jsonl") ? value(m.get("jsonl"), "audit.jsonl", s -> nonBlank(s)) : d.jsonl(),
        present(m, "store") ? bool(m.get("store"), "audit.store") : d.store(),
        logPrompts(m));
  }

  /**
   * {@code audit.log_prompts} is gone: corral never logs prompts or completions. {@code false}
   * (what corral harden and older examples write) is still read, as it changes nothing; {@code
   * true} stops the start, so no operator believes prompts are being kept when they are not.
   */
  private boolean logPrompts(Map<String, YamlNode> m) {
    if (present(m, "log_prompts") && bool(m.get("log_prompts"), "audit.log_prompts")) {
      throw error(
          m.get("log_prompts"),
          "audit.log_prompts",
          "removed: corral never logs prompts or completions; delete this line");
    }
    return false;
  }

  private long size(Map<String, YamlNode> m, String key, long fallback) {
    if (!present(m, key)) {
      return fallback;
    }
    long v = value(m.get(key), "limits." + key, Sizes::parse);
    if (v <= 0) {
      throw error(m.get(key), "limits." + key, "must be more than 0");
    }
    return v;
  }

  private Duration duration(Map<String, YamlNode> m, String key, Duration fallback) {
    if (!present(m, key)) {
      return fallback;
    }
    Duration v = value(m.get(key), "limits." + key, Durations::parse);
    if (v.isZero() || v.isNegative()) {
      throw error(m.get(key), "limits." + key, "must be more than 0");
    }
    return v;
  }

  private int count(Map<String, YamlNode> m, String key, int fallback) {
    if (!present(m, key)) {
      return fallback;
    }
    int v = value(m.get(key), "limits." + key, Integer::parseInt);
    if (v < 1) {
      throw error(m.get(key), "limits." + key, "must be at least 1");
    }
    return v;
  }

  private boolean bool(YamlNode node, String field) {
    return value(
        node,
        field,
        s ->
            switch (s) {
              case "true" -> true;
              case "false" -> false;
              default ->
                  throw new IllegalArgumentException("expected true or false, not '" + s + "'");
            });
  }

  private List<String> strings(YamlNode node, String field) {
    if (!(node.value() instanceof List<?> list)) {
      throw error(node, field, "expected a list, e.g. [a, b]");
    }
    List<String> out = new ArrayList<>();
    for (Object o : list) {
      YamlNode item = (YamlNode) o;
      out.add(value(item, field, s -> nonBlank(s)));
    }
    return out;
  }

  private <T> T value(YamlNode node, String field, Function<String, T> parse) {
    if (!(node.value() instanceof String s)) {
      throw error(node, field, "expected a single value");
    }
    try {
      return parse.apply(s);
    } catch (IllegalArgumentException e) {
      throw error(node, field, e.getMessage());
    }
  }

  @SuppressWarnings("unchecked")
  private Map<String, YamlNode> mapping(YamlNode node, String field, Set<String> known) {
    if (!(node.value() instanceof Map<?, ?> raw)) {
      throw error(node, field, "expected a mapping of keys to values");
    }
    Map<String, YamlNode> m = (Map<String, YamlNode>) raw;
    for (Map.Entry<String, YamlNode> e : m.entrySet()) {
      if (!known.contains(e.getKey())) {
        String prefix = field.equals("the document") ? "" : field + ".";
        throw error(
            e.getValue(),
            prefix + e.getKey(),
            "unknown key (known: " + String.join(", ", known.stream().sorted().toList()) + ")");
      }
    }
    return m;
  }

  private static boolean present(Map<String, YamlNode> m, String key) {
    YamlNode n = m.get(key);
    return n != null && n.value() != null;
  }

  private static String nonBlank(String s) {
    if (s.isBlank()) {
      throw new IllegalArgumentException("must not be empty");
    }
    return s.strip();
  }

  private ConfigException error(YamlNode node, String field, String message) {
    return new ConfigException(source + ":" + node.line() + ": " + field + ": " + message);
  }
}
