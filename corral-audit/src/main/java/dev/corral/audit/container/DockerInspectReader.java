package dev.corral.audit.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the JSON array {@code docker inspect} prints into container specs. */
public final class DockerInspectReader {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private DockerInspectReader() {}

  public static List<ContainerSpec> read(Path file) {
    return parse(ContainerFiles.read(file), file.toString());
  }

  /** Parses {@code docker inspect} output; {@code name} is how errors and evidence name it. */
  public static List<ContainerSpec> parse(String json, String name) {
    JsonNode root = ContainerFiles.tree(MAPPER, json, name, "not docker inspect output");
    if (root == null || !root.isArray()) {
      throw new ContainerFileException(
          name + ": not docker inspect output: expected a JSON array of containers");
    }
    List<ContainerSpec> specs = new ArrayList<>();
    for (int i = 0; i < root.size(); i++) {
      JsonNode c = root.get(i);
      if (!c.isObject() || !c.has("Config") || !c.has("HostConfig")) {
        throw new ContainerFileException(
            name + ": [" + i + "] is not a container: it has no Config and HostConfig");
      }
      specs.add(container(c, name + "[" + i + "]", name));
    }
    return specs;
  }

  private static ContainerSpec container(JsonNode c, String source, String file) {
    JsonNode config = c.path("Config");
    JsonNode host = c.path("HostConfig");
    String name = c.path("Name").asText("").replaceFirst("^/", "");
    long nanoCpus = host.path("NanoCpus").asLong(0);
    long quota = host.path("CpuQuota").asLong(0);
    long period = host.path("CpuPeriod").asLong(0);
    if (nanoCpus == 0 && quota > 0) {
      nanoCpus = quota * 1_000_000_000L / (period > 0 ? period : 100_000);
    }
    return new ContainerSpec(
        name.isEmpty() ? c.path("Id").asText("container") : name,
        source,
        file,
        config.path("Image").asText(c.path("Image").asText("")),
        config.path("User").asText(""),
        host.path("Privileged").asBoolean(false),
        strings(host.path("CapAdd")),
        strings(host.path("CapDrop")),
        strings(host.path("SecurityOpt")),
        host.path("ReadonlyRootfs").asBoolean(false),
        host.path("Memory").asLong(0),
        nanoCpus,
        ports(host.path("PortBindings"), c.path("NetworkSettings").path("Ports")),
        mounts(c.path("Mounts"), host.path("Binds")),
        host.path("NetworkMode").asText(""),
        env(config.path("Env")),
        c.path("AppArmorProfile").asText(""),
        host.path("DeviceRequests").size() > 0 || host.path("Runtime").asText("").equals("nvidia"),
        host.path("LogConfig").path("Type").asText(""));
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    if (array.isArray()) {
      array.forEach(n -> out.add(n.asText()));
    }
    return out;
  }

  private static List<ContainerSpec.PortBinding> ports(JsonNode bindings, JsonNode live) {
    List<ContainerSpec.PortBinding> out = new ArrayList<>();
    // HostConfig says what was asked for; NetworkSettings what a running container got.
    JsonNode source = bindings.isObject() && bindings.size() > 0 ? bindings : live;
    Iterator<Map.Entry<String, JsonNode>> it = source.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      int containerPort = parsePort(e.getKey().replaceFirst("/.*$", ""));
      if (!e.getValue().isArray()) {
        continue;
      }
      for (JsonNode b : e.getValue()) {
        out.add(
            new ContainerSpec.PortBinding(
                b.path("HostIp").asText(""),
                parsePort(b.path("HostPort").asText("0")),
                containerPort));
      }
    }
    return out;
  }

  private static int parsePort(String text) {
    try {
      return text.isBlank() ? 0 : Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static List<ContainerSpec.Mount> mounts(JsonNode mounts, JsonNode binds) {
    List<ContainerSpec.Mount> out = new ArrayList<>();
    if (mounts.isArray() && mounts.size() > 0) {
      for (JsonNode m : mounts) {
        String source = m.path("Source").asText("");
        if (source.isEmpty()) {
          source = m.path("Name").asText("");
        }
        out.add(
            new ContainerSpec.Mount(
                source, m.path("Destination").asText(""), !m.path("RW").asBoolean(true)));
      }
      return out;
    }
    for (String bind : strings(binds)) {
      out.add(ComposeReader.shortVolume(bind));
    }
    return out;
  }

  private static Map<String, String> env(JsonNode array) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String entry : strings(array)) {
      int eq = entry.indexOf('=');
      if (eq > 0) {
        out.put(entry.substring(0, eq), entry.substring(eq + 1));
      } else {
        out.put(entry, "");
      }
    }
    return out;
  }
}
