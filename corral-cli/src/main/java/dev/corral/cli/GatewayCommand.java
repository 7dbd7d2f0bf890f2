package dev.corral.cli;

import dev.corral.gateway.Gateway;
import dev.corral.gateway.config.ConfigException;
import dev.corral.gateway.config.GatewayConfig;
import dev.corral.gateway.config.GatewayConfigLoader;
import dev.corral.gateway.config.Overrides;
import dev.corral.gateway.http.GatewayStartException;
import dev.corral.store.DataDirectory;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code corral gateway}: the authenticating reverse proxy in front of Ollama. */
@Command(
    name = "gateway",
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Run the authenticating reverse proxy in front of Ollama until Ctrl-C.",
      "",
      "Every request needs an API key (corral keys create), is judged by a deny-by-default policy"
          + " (routes, roles, model allowlists, virtual patches) and is logged; answers stream"
          + " through as Ollama sends them. Flags override the --config file. See docs/gateway.md."
    },
    footer = {
      "",
      "Examples:",
      "  corral keys create --name alice --models 'llama3*'",
      "  corral gateway                                   # 127.0.0.1:8080 -> 127.0.0.1:11434",
      "  corral gateway --listen 0.0.0.0:443 --tls-cert cert.pem --tls-key key.pem",
      "  corral gateway --config /etc/corral/gateway.yaml --audit-log -"
    })
final class GatewayCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  boolean help;

  @Option(names = "--config", paramLabel = "FILE", description = "The gateway's YAML config.")
  Path config;

  @Option(
      names = "--listen",
      paramLabel = "HOST:PORT",
      description = "Where clients connect (default: 127.0.0.1:8080).")
  String listen;

  @Option(
      names = "--upstream",
      paramLabel = "URL",
      description = "The Ollama to protect (default: http://127.0.0.1:11434).")
  String upstream;

  @Option(names = "--tls-cert", paramLabel = "FILE", description = "PEM certificate chain.")
  Path tlsCert;

  @Option(names = "--tls-key", paramLabel = "FILE", description = "PEM private key.")
  Path tlsKey;

  @Option(
      names = "--admin-listen",
      paramLabel = "HOST:PORT",
      description = "/metrics, /healthz and /readyz (default: 127.0.0.1:9464).")
  String adminListen;

  @Option(
      names = "--db",
      paramLabel = "LOCATION",
      description =
          "The store with the keys and audit log: an SQLite file or a jdbc:postgresql:// URL"
              + " (default: corral.db in the data directory).")
  String db;

  @Option(
      names = "--audit-log",
      paramLabel = "FILE",
      description = "Also write the audit log as JSON lines to FILE ('-' = standard output).")
  String auditLog;

  @Option(
      names = "--transport",
      paramLabel = "NAME",
      description =
          "How the gateway does its socket I/O: auto (default: io_uring where the kernel allows"
              + " it, else epoll, else nio), io_uring, epoll or nio.")
  String transport;

  @Option(
      names = "--event-loops",
      paramLabel = "N",
      description =
          "Event loop threads serving connections: auto (default: one per processor) or a"
              + " number from 1 to 256; fewer leave cores to an Ollama on the same machine.")
  String eventLoops;

  @Mixin DataDirOption dataDir;

  /** Released when the gateway should stop; the shutdown hook (Ctrl-C) or a test counts it down. */
  final CountDownLatch stop = new CountDownLatch(1);

  /** Released once the gateway has closed. */
  private final CountDownLatch closed = new CountDownLatch(1);

  @Override
  public Integer call() throws InterruptedException {
    GatewayConfig settings = settings();
    String defaultDb = dataDir.dataDir().resolve(DataDirectory.DATABASE_FILE).toString();
    Gateway gateway;
    try {
      gateway = Gateway.start(settings, defaultDb);
    } catch (GatewayStartException e) {
      throw new UserError(e.getMessage(), e);
    }
    // The JVM halts once its shutdown hooks return: this one waits until the gateway has finished
    // its requests in flight and flushed the audit log.
    Thread hook =
        new Thread(
            () -> {
              stop.countDown();
              try {
                closed.await(Gateway.DEFAULT_GRACE.toSeconds() + 15, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "corral-gateway-stop");
    try {
      Runtime.getRuntime().addShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // Stopped while starting: close what was started and leave.
      gateway.close();
      return 0;
    }
    try {
      report(spec.commandLine().getOut(), gateway, settings, defaultDb);
      stop.await();
    } finally {
      gateway.close();
      closed.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // Ctrl-C: the JVM is already running the hook.
      }
    }
    return 0;
  }

  GatewayConfig settings() {
    try {
      GatewayConfig base =
          config != null ? GatewayConfigLoader.load(config) : GatewayConfig.defaults();
      return new Overrides(
              listen, upstream, tlsCert, tlsKey, adminListen, db, auditLog, transport, eventLoops)
          .applyTo(base);
    } catch (ConfigException e) {
      throw new UserError(e.getMessage(), ShortErrors.USAGE, e);
    }
  }

  private static void report(
      PrintWriter out, Gateway gateway, GatewayConfig settings, String defaultDb) {
    String scheme = settings.tls() != null ? "https" : "http";
    out.println(
        "corral gateway listening on "
            + scheme
            + "://"
            + authority(gateway.address())
            + " -> "
            + settings.upstream());
    if (gateway.adminAddress() != null) {
      out.println(
          "admin: http://" + authority(gateway.adminAddress()) + "/metrics /healthz /readyz");
    }
    out.println("keys and audit: " + (settings.db() != null ? settings.db() : defaultDb));
    out.println("socket I/O: " + settings.transport().id());
    out.println("event loops: " + settings.eventLoopThreads());
    out.println("buffer access: " + Gateway.bufferAccess());
    if (gateway.adminAddress() != null
        && !gateway.adminAddress().getAddress().isLoopbackAddress()) {
      out.println(
          "warning: the admin listener is not on loopback; /metrics shows key ids and models to"
              + " anyone who can reach it");
    }
    if (!gateway.address().getAddress().isLoopbackAddress() && settings.tls() == null) {
      out.println(
          "warning: serving plain HTTP on a non-loopback address; keys cross the network in"
              + " clear text (use --tls-cert/--tls-key)");
    }
    out.flush();
  }

  private static String authority(InetSocketAddress a) {
    String host = a.getAddress().getHostAddress();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
  }
}
