package dev.corral.lab.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.corral.core.text.Durations;
import dev.corral.core.version.OllamaVersion;
import dev.corral.lab.persona.AuthProxy;
import dev.corral.lab.persona.ModelCatalog;
import dev.corral.lab.persona.ModelSpec;
import dev.corral.lab.persona.Persona;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads a lab config (YAML or JSON) into the hosts to start. Errors name the file and either the
 * line (for syntax and unknown fields) or the entry and field (for bad values), e.g. {@code
 * lab.yaml: hosts[2].version: invalid Ollama version 'x'}.
 *
 * <pre>
 * defaults:
 *   version: 0.32.15
 *   ollama_host: 0.0.0.0:11434     # emulate the Docker bind: no Host check
 * hosts:
 *   - address: 127.0.10.1
 *     version: 0.1.33
 *   - range: 127.0.10.10-127.0.10.19
 *     versions: [0.1.34, 0.3.14, 0.6.8]
 *     auth_proxy: {scheme: basic, credential: "admin:secret"}
 * </pre>
 */
public final class LabConfig {
  public static final int DEFAULT_PORT = 11434;

  private static final YAMLMapper YAML =
      YAMLMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .build();

  private LabConfig() {}

  public static List<HostSpec> load(Path file) {
    String label = file.toString();
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new LabConfigException("cannot read lab config " + label + ": no such file", e);
    } catch (IOException e) {
      throw new LabConfigException("cannot read lab config " + label + ": " + e.getMessage(), e);
    }
    return parse(text, label);
  }

  public static List<HostSpec> parse(String text, String label) {
    LabConfigFile config;
    try {
      config = YAML.readValue(text, LabConfigFile.class);
    } catch (UnrecognizedPropertyException e) {
      // Record creators buffer properties, so Jackson's line points past the object: name the
      // field by its path instead, which is exact.
      throw new LabConfigException(
          label
              + ": "
              + pathOf(e)
              + ": unknown field '"
              + e.getPropertyName()
              + "' (known: "
              + e.getKnownPropertyIds().stream()
                  .map(String::valueOf)
                  .sorted()
                  .collect(Collectors.joining(", "))
              + ")",
          e);
    } catch (JsonMappingException e) {
      throw new LabConfigException(label + ": " + pathOf(e) + ": " + e.getOriginalMessage(), e);
    } catch (JsonProcessingException e) {
      throw new LabConfigException(label + yamlProblem(e), e);
    }
    if (config == null || config.hosts() == null || config.hosts().isEmpty()) {
      throw new LabConfigException(
          label + ": no hosts: add a 'hosts:' list with at least one entry");
    }
    HostEntry defaults = config.defaults() == null ? HostEntry.empty() : config.defaults();
    List<HostSpec> specs = new ArrayList<>();
    Set<InetSocketAddress> taken = new HashSet<>();
    for (int i = 0; i < config.hosts().size(); i++) {
      HostEntry raw = config.hosts().get(i);
      if (raw == null) {
        throw new LabConfigException(label + ": hosts[" + i + "] is empty");
      }
      String where = label + ": hosts[" + i + "]";
      for (HostSpec spec : expand(raw.over(defaults), where)) {
        if (!taken.add(spec.address())) {
          throw new LabConfigException(
              where
                  + ": "
                  + spec.address().getAddress().getHostAddress()
                  + ":"
                  + spec.address().getPort()
                  + " is listed twice");
        }
        specs.add(spec);
      }
    }
    if (specs.size() > LoopbackAddresses.MAX_HOSTS) {
      throw new LabConfigException(
          label
              + ": "
              + specs.size()
              + " hosts; the lab starts at most "
              + LoopbackAddresses.MAX_HOSTS);
    }
    return specs;
  }

  /** {@code hosts[2].port} for the field a mapping error is about. */
  private static String pathOf(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.isEmpty() ? "(top level)" : path.toString();
  }

  private static final java.util.regex.Pattern YAML_MARK =
      java.util.regex.Pattern.compile("line (\\d+), column (\\d+)");

  /**
   * {@code " line 2, column 1: not valid YAML: ..."}: SnakeYAML's own mark is exact where Jackson's
   * location can lag a line behind.
   */
  private static String yamlProblem(JsonProcessingException e) {
    String message = e.getOriginalMessage();
    java.util.regex.Matcher mark = YAML_MARK.matcher(message);
    String where =
        mark.find()
            ? " line " + mark.group(1) + ", column " + mark.group(2)
            : e.getLocation() == null ? "" : " line " + e.getLocation().getLineNr();
    String problem =
        message
            .lines()
            .takeWhile(l -> !l.strip().startsWith("in 'reader'"))
            .map(String::strip)
            .collect(Collectors.joining(": "));
    return where + ": not valid YAML: " + problem;
  }

  private static List<HostSpec> expand(HostEntry e, String where) {
    if (e.address() != null && e.range() != null) {
      throw new LabConfigException(where + ": give either 'address' or 'range', not both");
    }
    String addressText = e.range() != null ? e.range() : e.address() != null ? e.address() : null;
    if (addressText == null) {
      throw new LabConfigException(
          where + ": needs 'address' (e.g. 127.0.10.1) or 'range' (e.g. 127.0.10.1-127.0.10.9)");
    }
    List<InetAddress> addresses;
    try {
      addresses = LoopbackAddresses.expand(addressText);
    } catch (IllegalArgumentException ex) {
      throw new LabConfigException(
          where + "." + (e.range() != null ? "range" : "address") + ": " + ex.getMessage(), ex);
    }
    int port = e.port() == null ? DEFAULT_PORT : e.port();
    if (port < 1 || port > 65535) {
      throw new LabConfigException(where + ".port: " + port + " is not a TCP port (1-65535)");
    }
    List<OllamaVersion> versions = versions(e, where);
    List<HostSpec> specs = new ArrayList<>();
    for (int k = 0; k < addresses.size(); k++) {
      InetAddress address = addresses.get(k);
      OllamaVersion version = versions.get(k % versions.size());
      String name =
          e.name() != null
              ? (addresses.size() > 1 ? e.name() + "-" + (k + 1) : e.name())
              : address.getHostAddress();
      specs.add(
          new HostSpec(persona(e, name, version, where), new InetSocketAddress(address, port)));
    }
    return specs;
  }

  private static List<OllamaVersion> versions(HostEntry e, String where) {
    List<String> texts = new ArrayList<>();
    if (e.versions() != null && !e.versions().isEmpty()) {
      texts.addAll(e.versions());
    } else if (e.version() != null) {
      texts.add(e.version());
    } else {
      return List.of(Persona.NEWEST);
    }
    List<OllamaVersion> versions = new ArrayList<>();
    for (String text : texts) {
      try {
        versions.add(OllamaVersion.parse(String.valueOf(text)));
      } catch (IllegalArgumentException ex) {
        throw new LabConfigException(where + ".version: " + ex.getMessage(), ex);
      }
    }
    return versions;
  }

  private static Persona persona(HostEntry e, String name, OllamaVersion version, String where) {
    Persona.Builder b = Persona.builder(name, version);
    if (e.product() != null) {
      if (!Persona.PRODUCTS.contains(e.product())) {
        throw new LabConfigException(
            where
                + ".product: unknown product '"
                + e.product()
                + "' (the lab emulates: "
                + String.join(", ", Persona.PRODUCTS)
                + ")");
      }
      b.product(e.product());
    }
    if (e.reportedVersion() != null) {
      b.reportedVersion(e.reportedVersion());
    }
    if (e.models() != null) {
      List<ModelSpec> models = new ArrayList<>();
      for (String model : e.models()) {
        models.add(
            ModelCatalog.find(model)
                .orElseThrow(
                    () ->
                        new LabConfigException(
                            where
                                + ".models: unknown model '"
                                + model
                                + "' (the lab knows: "
                                + String.join(", ", ModelCatalog.names())
                                + ")")));
      }
      List<String> running =
          e.running() == null
              ? (models.isEmpty() ? List.of() : List.of(models.getFirst().name()))
              : e.running();
      for (String r : running) {
        if (models.stream()
            .noneMatch(m -> m.name().equals(ModelCatalog.find(r).map(ModelSpec::name).orElse(r)))) {
          throw new LabConfigException(
              where + ".running: '" + r + "' is not among the host's models");
        }
      }
      b.models(models, running);
    } else if (e.running() != null) {
      throw new LabConfigException(
          where + ".running: list 'models' too, so running models are among them");
    }
    b.ollamaOrigins(e.ollamaOrigins()).ollamaHost(e.ollamaHost()).hostname(e.hostname());
    if (e.authProxy() != null) {
      try {
        b.authProxy(
            new AuthProxy(
                e.authProxy().scheme(), e.authProxy().credential(), e.authProxy().server()));
      } catch (RuntimeException ex) {
        throw new LabConfigException(where + ".auth_proxy: " + ex.getMessage(), ex);
      }
    }
    if (e.blockedPaths() != null) {
      for (String path : e.blockedPaths()) {
        if (path == null || !path.startsWith("/")) {
          throw new LabConfigException(where + ".blocked_paths: '" + path + "' must start with /");
        }
      }
      b.blockedPaths(e.blockedPaths());
    }
    b.tls(Boolean.TRUE.equals(e.tls()));
    b.latency(duration(e.latency(), where + ".latency"));
    b.tokenInterval(duration(e.tokenInterval(), where + ".token_interval"));
    if (e.timezone() != null) {
      try {
        b.timeZone(ZoneId.of(e.timezone()));
      } catch (DateTimeException ex) {
        throw new LabConfigException(
            where + ".timezone: unknown time zone '" + e.timezone() + "' (e.g. UTC, Europe/Berlin)",
            ex);
      }
    }
    return b.build();
  }

  private static java.time.Duration duration(String text, String where) {
    if (text == null) {
      return null;
    }
    try {
      return Durations.parse(text);
    } catch (IllegalArgumentException ex) {
      throw new LabConfigException(where + ": " + ex.getMessage(), ex);
    }
  }
}
