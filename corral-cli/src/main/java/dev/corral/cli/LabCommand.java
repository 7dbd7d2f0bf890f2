package dev.corral.cli;

import dev.corral.core.gojson.GoJsonWriter;
import dev.corral.core.ollama.OllamaFeature;
import dev.corral.core.text.Durations;
import dev.corral.core.version.OllamaVersion;
import dev.corral.lab.config.HostSpec;
import dev.corral.lab.config.LabConfig;
import dev.corral.lab.config.LabConfigException;
import dev.corral.lab.persona.AuthProxy;
import dev.corral.lab.persona.ModelCatalog;
import dev.corral.lab.persona.ModelSpec;
import dev.corral.lab.persona.Persona;
import dev.corral.lab.server.Lab;
import dev.corral.lab.server.LabServer;
import dev.corral.lab.server.LabStartException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code corral lab}: start emulated Ollama servers on loopback. */
@Command(
    name = "lab",
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Start emulated Ollama servers on loopback: a safe practice range for scanners, detection"
          + " rules and gateways.",
      "",
      "Each host answers byte for byte like the Ollama release it emulates (banner, routes,"
          + " errors, CORS, Host check, streaming). No model runs and nothing is written to disk.",
      "Without --config, one host starts (default: the newest release on 127.0.0.1:11434)."
    },
    footer = {
      "",
      "Examples:",
      "  corral lab                                  # newest Ollama on 127.0.0.1:11434",
      "  corral lab --version 0.1.33 --port 11500    # a Probllama-vulnerable server",
      "  corral lab --origins '*' --ollama-host 0.0.0.0:11434",
      "  corral lab --tls --port 11443                # behind a TLS front (curl -k https://...)",
      "  corral lab --config lab.yaml                # a whole range, see docs/lab.md",
      "  corral lab --list-versions"
    })
final class LabCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  boolean help;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Lab config (YAML) describing many hosts; the options below then do not apply.")
  Path config;

  @Option(
      names = "--listen",
      paramLabel = "ADDR",
      defaultValue = "127.0.0.1",
      description = "Loopback address to listen on (default: ${DEFAULT-VALUE}).")
  String listen;

  @Option(
      names = {"-p", "--port"},
      paramLabel = "N",
      defaultValue = "11434",
      description = "TCP port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--version",
      paramLabel = "V",
      description = "Ollama release to emulate (default: the newest, ${sys:corral.lab.newest}).")
  String version;

  @Option(
      names = "--product",
      paramLabel = "P",
      defaultValue = "ollama",
      description =
          "What to emulate (default: ${DEFAULT-VALUE}); look-alikes and traps for practising"
              + " detection: ${sys:corral.lab.products}.")
  String product;

  @Option(
      names = "--reported-version",
      paramLabel = "V",
      description = "What /api/version reports, e.g. 0.0.0 for a source build.")
  String reportedVersion;

  @Option(
      names = "--models",
      paramLabel = "M",
      split = ",",
      description =
          "Installed models (default: the lab's standard three). Known: ${sys:corral.lab.models}.")
  List<String> models;

  @Option(
      names = "--running",
      paramLabel = "M",
      split = ",",
      description = "Models loaded at start (default: the first model).")
  List<String> running;

  @Option(
      names = "--origins",
      paramLabel = "LIST",
      description = "Emulated OLLAMA_ORIGINS, e.g. '*' (the common misconfiguration).")
  String origins;

  @Option(
      names = "--ollama-host",
      paramLabel = "HOST:PORT",
      description =
          "Emulated OLLAMA_HOST bind. A loopback bind (default) enables Ollama's Host check;"
              + " 0.0.0.0:11434 emulates the Docker image.")
  String ollamaHost;

  @Option(
      names = "--auth",
      paramLabel = "SPEC",
      description = "Put an authenticating proxy in front: basic:USER:PASSWORD or bearer:TOKEN.")
  String auth;

  @Option(
      names = "--hide-version",
      description = "Put an nginx-style front in front that refuses /api/version with 403.")
  boolean hideVersion;

  @Option(
      names = "--tls",
      description =
          "Serve HTTPS only, like a Go/Caddy TLS front, with a self-signed certificate (curl -k);"
              + " plain HTTP gets Go's 400 answer.")
  boolean tls;

  @Option(
      names = "--token-interval",
      paramLabel = "DUR",
      defaultValue = "20ms",
      description = "Pause between streamed tokens (default: ${DEFAULT-VALUE}).")
  String tokenInterval;

  @Option(
      names = "--latency",
      paramLabel = "DUR",
      defaultValue = "0",
      description = "Delay before every answer (default: none).")
  String latency;

  @Option(names = "--json", description = "Print the started hosts as JSON lines.")
  boolean json;

  @Option(
      names = "--list-versions",
      description = "List the releases tested byte by byte and the behaviour timeline, then exit.")
  boolean listVersions;

  /** Released when the lab should stop; the shutdown hook (Ctrl-C) or a test counts it down. */
  final CountDownLatch stop = new CountDownLatch(1);

  static {
    System.setProperty("corral.lab.newest", Persona.NEWEST.toString());
    System.setProperty("corral.lab.models", String.join(", ", ModelCatalog.names()));
    System.setProperty("corral.lab.products", String.join(", ", Persona.PRODUCTS));
  }

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    if (listVersions) {
      printVersions(out);
      return 0;
    }
    List<HostSpec> hosts = config != null ? fromConfig() : List.of(single());
    Lab lab;
    try {
      lab = Lab.start(hosts, Clock.systemUTC());
    } catch (LabStartException e) {
      throw new UserError(e.getMessage(), e);
    }
    Thread hook = new Thread(stop::countDown, "corral-lab-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      report(out, lab);
      stop.await();
    } finally {
      lab.close();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // Ctrl-C: the JVM is already running the hook.
      }
    }
    return 0;
  }

  private List<HostSpec> fromConfig() {
    try {
      return LabConfig.load(config);
    } catch (LabConfigException e) {
      throw new UserError(e.getMessage(), e);
    }
  }

  private HostSpec single() {
    OllamaVersion v = Persona.NEWEST;
    if (version != null) {
      try {
        v = OllamaVersion.parse(version);
      } catch (IllegalArgumentException e) {
        throw usage("--version: " + e.getMessage());
      }
    }
    InetAddress address;
    try {
      if (!listen.matches("[0-9.]+|\\[?[0-9A-Fa-f:]+\\]?")) {
        throw new UnknownHostException();
      }
      address = InetAddress.getByName(listen.replace("[", "").replace("]", ""));
    } catch (UnknownHostException e) {
      throw usage("--listen: '" + listen + "' is not an IP address");
    }
    if (!address.isLoopbackAddress()) {
      throw usage(
          "--listen: "
              + listen
              + " is not a loopback address; the lab only listens on 127.0.0.0/8 or ::1");
    }
    if (port < 0 || port > 65535) {
      throw usage("--port: " + port + " is not a TCP port (0-65535)");
    }
    if (!Persona.PRODUCTS.contains(product)) {
      throw usage(
          "--product: unknown product '"
              + product
              + "' (the lab emulates: "
              + String.join(", ", Persona.PRODUCTS)
              + ")");
    }
    Persona.Builder b = Persona.builder("lab", v).product(product).reportedVersion(reportedVersion);
    if (models != null) {
      List<ModelSpec> specs = new ArrayList<>();
      for (String m : models) {
        specs.add(
            ModelCatalog.find(m)
                .orElseThrow(
                    () ->
                        usage(
                            "--models: unknown model '"
                                + m
                                + "' (known: "
                                + String.join(", ", ModelCatalog.names())
                                + ")")));
      }
      b.models(
          specs,
          running != null
              ? running
              : specs.isEmpty() ? List.of() : List.of(specs.getFirst().name()));
    } else if (running != null) {
      b.models(
          ModelCatalog.defaults().stream().map(n -> ModelCatalog.find(n).orElseThrow()).toList(),
          running);
    }
    b.ollamaOrigins(origins);
    b.ollamaHost(
        ollamaHost != null
            ? ollamaHost
            : hostPort(listen, port == 0 ? LabConfig.DEFAULT_PORT : port));
    if (auth != null) {
      b.authProxy(authProxy(auth));
    }
    if (hideVersion) {
      b.blockedPaths(List.of("/api/version"));
    }
    b.tls(tls);
    try {
      b.tokenInterval(Durations.parse(tokenInterval));
    } catch (IllegalArgumentException e) {
      throw usage("--token-interval: " + e.getMessage());
    }
    try {
      b.latency(Durations.parse(latency));
    } catch (IllegalArgumentException e) {
      throw usage("--latency: " + e.getMessage());
    }
    return new HostSpec(b.build(), new InetSocketAddress(address, port));
  }

  private static String hostPort(String host, int port) {
    return (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
  }

  private AuthProxy authProxy(String text) {
    int colon = text.indexOf(':');
    if (colon < 0) {
      throw usage("--auth: expected basic:USER:PASSWORD or bearer:TOKEN");
    }
    try {
      return new AuthProxy(text.substring(0, colon), text.substring(colon + 1), null);
    } catch (IllegalArgumentException e) {
      throw usage("--auth: " + e.getMessage().replace("auth_proxy.", ""));
    }
  }

  private picocli.CommandLine.ParameterException usage(String message) {
    return new picocli.CommandLine.ParameterException(spec.commandLine(), message);
  }

  private void report(PrintWriter out, Lab lab) {
    List<LabServer> servers = lab.servers();
    if (json) {
      for (LabServer server : servers) {
        out.println(GoJsonWriter.encode(describe(server)));
      }
      out.flush();
      return;
    }
    out.printf(
        "corral lab: %d emulated Ollama host%s (Ctrl-C to stop)%n",
        servers.size(), servers.size() == 1 ? "" : "s");
    int shown = 0;
    for (LabServer server : servers) {
      if (shown++ == 50) {
        out.printf("  ... and %d more (use --json to list all)%n", servers.size() - 50);
        break;
      }
      Persona p = server.emulator().persona();
      out.printf(
          "  %-28s %-18s %s%s%s%s%n",
          server.url(),
          p.product().equals(Persona.OLLAMA) ? "Ollama " + p.reportedVersion() : p.product(),
          p.models().isEmpty()
              ? "no models"
              : p.models().size() + " model" + (p.models().size() == 1 ? "" : "s"),
          p.authProxy() != null ? ", behind " + p.authProxy().scheme() + " auth proxy" : "",
          p.ollamaOrigins() != null ? ", OLLAMA_ORIGINS=" + p.ollamaOrigins() : "",
          p.tls() ? ", TLS (self-signed)" : "");
    }
    out.flush();
  }

  private static Map<String, Object> describe(LabServer server) {
    Persona p = server.emulator().persona();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("url", server.url());
    m.put("name", p.name());
    m.put("product", p.product());
    m.put("version", p.version().toString());
    m.put("reported_version", p.reportedVersion());
    m.put("models", p.models().stream().map(ModelSpec::name).toList());
    m.put("running", p.running());
    m.put("ollama_host", p.ollamaHost());
    m.put("ollama_origins", p.ollamaOrigins());
    m.put("auth_proxy", p.authProxy() == null ? null : p.authProxy().scheme());
    m.put("tls", p.tls());
    return m;
  }

  private static void printVersions(PrintWriter out) {
    out.println("Releases tested byte for byte: " + String.join(", ", Persona.PINNED_VERSIONS));
    out.println("Any other version is emulated from the behaviour timeline:");
    for (OllamaFeature f : OllamaFeature.values()) {
      out.printf(
          "  %-10s %-40s %s%n",
          f.range(), f.name().toLowerCase(java.util.Locale.ROOT), f.description());
    }
    out.flush();
  }
}
