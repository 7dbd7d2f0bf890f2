package dev.corral.audit.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the services of a docker-compose file into container specs. Short and long syntax are both
 * understood for ports, volumes and environment; limits come from {@code mem_limit}/{@code cpus} or
 * {@code deploy.resources.limits}.
 */
public final class ComposeReader {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private ComposeReader() {}

  public static List<ContainerSpec> read(Path file) {
    return parse(ContainerFiles.read(file), file.toString());
  }

  /** Parses compose YAML; {@code name} is how errors and evidence name the file. */
  public static List<ContainerSpec> parse(String yaml, String name) {
    JsonNode root = ContainerFiles.tree(YAML, yaml, name, "not valid YAML");
    if (root == null || !root.path("services").isObject()) {
      throw new ContainerFileException(
          name + ": not a docker-compose file: no 'services' mapping at the top level");
    }
    List<ContainerSpec> specs = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> it = root.path("services").fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String where = name + ": services." + e.getKey();
      if (!e.getValue().isObject()) {
        throw new ContainerFileException(where + ": expected a mapping");
      }
      specs.add(service(e.getKey(), e.getValue(), where));
    }
    return specs;
  }

  private static ContainerSpec service(String name, JsonNode s, String where) {
    long memory = 0;
    long cpus = 0;
    JsonNode limits = s.path("deploy").path("resources").path("limits");
    try {
      if (s.hasNonNull("mem_limit")) {
        memory = Sizes.bytes(s.get("mem_limit").asText());
      } else if (limits.hasNonNull("memory")) {
        memory = Sizes.bytes(limits.get("memory").asText());
      }
      if (s.hasNonNull("cpus")) {
        cpus = Sizes.nanoCpus(s.get("cpus").asText());
      } else if (limits.hasNonNull("cpus")) {
        cpus = Sizes.nanoCpus(limits.get("cpus").asText());
      }
    } catch (IllegalArgumentException e) {
      throw new ContainerFileException(where + ": " + e.getMessage(), e);
    }
    String networkMode = s.path("network_mode").asText("");
    return new ContainerSpec(
        s.path("container_name").asText(name),
        where.substring(0, where.indexOf(": ")) + " service " + name,
        where.substring(0, where.indexOf(": ")),
        s.path("image").asText(""),
        s.path("user").asText(""),
        s.path("privileged").asBoolean(false),
        strings(s.path("cap_add")),
        strings(s.path("cap_drop")),
        strings(s.path("security_opt")),
        s.path("read_only").asBoolean(false),
        memory,
        cpus,
        ports(s.path("ports"), where),
        volumes(s.path("volumes"), where),
        networkMode,
        env(s.path("environment")),
        "",
        s.has("gpus")
            || s.path("runtime").asText("").equals("nvidia")
            || s.path("deploy").path("resources").path("reservations").path("devices").size() > 0,
        s.path("logging").path("driver").asText(""));
  }

  private static List<String> strings(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(n -> out.add(n.asText()));
    } else if (node.isTextual()) {
      out.add(node.asText());
    }
    return out;
  }

  private static List<ContainerSpec.PortBinding> ports(JsonNode node, String where) {
    List<ContainerSpec.PortBinding> out = new ArrayList<>();
    if (!node.isArray()) {
      return out;
    }
    for (int i = 0; i < node.size(); i++) {
      JsonNode p = node.get(i);
      String at = where + ".ports[" + i + "]";
      if (p.isObject()) {
        out.add(
            new ContainerSpec.PortBinding(
                p.path("host_ip").asText(""),
                number(p.path("published").asText("0"), at),
                number(p.path("target").asText("0"), at)));
      } else {
        out.add(shortPort(p.asText(), at));
      }
    }
    return out;
  }

  /** {@code [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTO]}; the host IP may be in brackets. */
  static ContainerSpec.PortBinding shortPort(String text, String where) {
    String t = text.strip().replaceFirst("/(tcp|udp|sctp)$", "");
    String hostIp = "";
    if (t.startsWith("[")) {
      int close = t.indexOf(']');
      if (close < 0) {
        throw new ContainerFileException(where + ": unbalanced '[' in port '" + text + "'");
      }
      hostIp = t.substring(1, close);
      t = t.substring(Math.min(t.length(), close + 2));
    }
    String[] parts = t.split(":", -1);
    String container = parts[parts.length - 1];
    String hostPort = parts.length >= 2 ? parts[parts.length - 2] : "";
    if (parts.length >= 3) {
      hostIp = String.join(":", java.util.Arrays.copyOf(parts, parts.length - 2));
    }
    return new ContainerSpec.PortBinding(
        hostIp,
        hostPort.isEmpty() ? 0 : number(firstOfRange(hostPort), where),
        number(firstOfRange(container), where));
  }

  private static String firstOfRange(String port) {
    int dash = port.indexOf('-');
    return dash > 0 ? port.substring(0, dash) : port;
  }

  private static int number(String text, String where) {
    try {
      return Integer.parseInt(text.strip().replace("\"", ""));
    } catch (NumberFormatException e) {
      throw new ContainerFileException(where + ": not a port number: '" + text + "'", e);
    }
  }

  private static List<ContainerSpec.Mount> volumes(JsonNode node, String where) {
    List<ContainerSpec.Mount> out = new ArrayList<>();
    if (!node.isArray()) {
      return out;
    }
    for (JsonNode v : node) {
      if (v.isObject()) {
        out.add(
            new ContainerSpec.Mount(
                v.path("source").asText(""),
                v.path("target").asText(""),
                v.path("read_only").asBoolean(false)));
      } else {
        out.add(shortVolume(v.asText()));
      }
    }
    return out;
  }

  /** {@code SOURCE:TARGET[:MODE]}, or just {@code TARGET} for an anonymous volume. */
  static ContainerSpec.Mount shortVolume(String text) {
    String[] parts = text.strip().split(":");
    if (parts.length == 1) {
      return new ContainerSpec.Mount("", parts[0], false);
    }
    boolean readOnly = parts.length >= 3 && parts[2].contains("ro");
    return new ContainerSpec.Mount(parts[0], parts[1], readOnly);
  }

  private static Map<String, String> env(JsonNode node) {
    Map<String, String> out = new LinkedHashMap<>();
    if (node.isObject()) {
      node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText("")));
    } else if (node.isArray()) {
      for (JsonNode n : node) {
        String entry = n.asText();
        int eq = entry.indexOf('=');
        out.put(eq > 0 ? entry.substring(0, eq) : entry, eq > 0 ? entry.substring(eq + 1) : "");
      }
    }
    return out;
  }
}
