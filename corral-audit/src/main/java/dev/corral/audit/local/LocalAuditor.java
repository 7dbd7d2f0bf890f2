package dev.corral.audit.local;

import static dev.corral.audit.local.LocalChecks.CORS_WILDCARD;
import static dev.corral.audit.local.LocalChecks.FIREWALL;
import static dev.corral.audit.local.LocalChecks.LISTEN_ALL_INTERFACES;
import static dev.corral.audit.local.LocalChecks.MODELS_PERMISSIONS;
import static dev.corral.audit.local.LocalChecks.OLLAMA_HOST;
import static dev.corral.audit.local.LocalChecks.PROXY_IN_FRONT;
import static dev.corral.audit.local.LocalChecks.RUNS_AS_ROOT;
import static dev.corral.audit.local.LocalChecks.STALE_MODELS;

import dev.corral.audit.advisory.VersionChecks;
import dev.corral.audit.check.Finding;
import dev.corral.audit.container.ContainerChecks;
import dev.corral.core.version.OllamaVersion;
import dev.corral.core.vuln.AdvisoryDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/** Audits the machine under a root directory: the local checks plus the version checks. */
public final class LocalAuditor {
  /** Reverse proxies people put in front of Ollama, by executable name. */
  private static final Set<String> PROXIES =
      Set.of("nginx", "caddy", "traefik", "haproxy", "envoy", "httpd", "apache2");

  private final LocalOptions options;
  private final LocalSystem system;
  private final AdvisoryDatabase advisories;

  public LocalAuditor(LocalOptions options, AdvisoryDatabase advisories) {
    this.options = options;
    this.system = new LocalSystem(options.root());
    this.advisories = advisories;
  }

  /** Where an effective setting came from. */
  private record Setting(String value, String where) {}

  public List<Finding> audit() {
    List<OllamaProcess> all = system.processes();
    List<OllamaProcess> servers =
        all.stream().filter(p -> LocalSystem.isOllamaServer(p.argv()) && !p.container()).toList();
    // A containerised Ollama's OLLAMA_HOST is about the container's own network: the host's
    // sockets (docker-proxy) and the container checks judge it, not its environment.
    List<OllamaProcess> contained =
        all.stream().filter(p -> LocalSystem.isOllamaServer(p.argv()) && p.container()).toList();
    Optional<SystemdUnit> unit = system.ollamaUnit();
    Optional<Setting> hostSetting = setting("OLLAMA_HOST", servers, unit);
    OllamaHost host = hostSetting.map(s -> OllamaHost.parse(s.value())).orElse(OllamaHost.DEFAULT);
    List<Listener> listeners =
        system.listeners().stream()
            .filter(l -> l.port() == host.port() || l.port() == OllamaHost.DEFAULT_PORT)
            .toList();
    Optional<String> front = front(all);
    boolean corralGateway = front.filter(f -> f.startsWith("corral gateway")).isPresent();
    boolean exposed = listeners.stream().anyMatch(Listener::allInterfaces) || host.allInterfaces();

    List<Finding> out = new ArrayList<>();
    out.add(listen(listeners, host));
    out.add(ollamaHost(hostSetting, host, contained));
    Optional<Setting> origins = setting("OLLAMA_ORIGINS", servers, unit);
    out.add(
        origins.filter(o -> ContainerChecks.originsAllowAny(o.value())).isPresent()
            ? CORS_WILDCARD.fail(
                "OLLAMA_ORIGINS=" + origins.get().value() + " (" + origins.get().where() + ")")
            : CORS_WILDCARD.pass(
                origins
                    .map(o -> "OLLAMA_ORIGINS=" + o.value() + " (" + o.where() + ")")
                    .orElse("OLLAMA_ORIGINS not set")));
    out.add(runsAsRoot(servers, unit));
    Optional<Path> models = modelsDir(servers, unit);
    out.add(modelsPermissions(models));
    out.add(staleModels(models));
    out.add(firewall(host, exposed));
    out.add(proxyInFront(front, exposed));
    Optional<OllamaVersion> version =
        options.version().or(() -> options.askBinary() ? InstalledVersion.ask() : Optional.empty());
    out.addAll(
        new VersionChecks("local", advisories).check(version, Optional.empty(), corralGateway));
    return out;
  }

  /** The running server's environment first (it is what applies), then the systemd unit's. */
  private static Optional<Setting> setting(
      String name, List<OllamaProcess> servers, Optional<SystemdUnit> unit) {
    for (OllamaProcess p : servers) {
      String v = p.env().get(name);
      if (v != null) {
        return Optional.of(new Setting(v, "/proc/" + p.pid() + "/environ"));
      }
    }
    return unit.flatMap(u -> u.variable(name)).map(s -> new Setting(s.value(), s.where()));
  }

  private Finding listen(List<Listener> listeners, OllamaHost host) {
    if (!system.hasSocketTable()) {
      return LISTEN_ALL_INTERFACES.skip("proc/net/tcp and tcp6 are not readable under " + root());
    }
    if (listeners.isEmpty()) {
      return LISTEN_ALL_INTERFACES.pass(
          "nothing listens on port "
              + host.port()
              + ": Ollama is not running or uses another port");
    }
    List<Listener> wide = listeners.stream().filter(Listener::allInterfaces).toList();
    if (!wide.isEmpty()) {
      return LISTEN_ALL_INTERFACES.fail(
          "listening on every interface: " + wide + " (" + wide.get(0).source() + ")");
    }
    List<Listener> lan = listeners.stream().filter(l -> !l.loopback()).toList();
    if (!lan.isEmpty()) {
      return LISTEN_ALL_INTERFACES.warn(
          "listening on a non-loopback address: " + lan + "; anyone on that network can reach it");
    }
    return LISTEN_ALL_INTERFACES.pass("listening on loopback only: " + listeners);
  }

  private static Finding ollamaHost(
      Optional<Setting> setting, OllamaHost host, List<OllamaProcess> contained) {
    if (setting.isEmpty()) {
      String note =
          contained.isEmpty()
              ? ""
              : "; Ollama also runs in a container (pid "
                  + contained.get(0).pid()
                  + "): audit it with --docker NAME or --compose FILE";
      return OLLAMA_HOST.pass("OLLAMA_HOST not set: Ollama binds 127.0.0.1:11434" + note);
    }
    String evidence = "OLLAMA_HOST=" + setting.get().value() + " (" + setting.get().where() + ")";
    if (host.allInterfaces()) {
      return OLLAMA_HOST.fail(evidence + ": every interface");
    }
    if (!host.loopback()) {
      return OLLAMA_HOST.warn(evidence + ": a non-loopback address");
    }
    return OLLAMA_HOST.pass(evidence);
  }

  private static Finding runsAsRoot(List<OllamaProcess> servers, Optional<SystemdUnit> unit) {
    for (OllamaProcess p : servers) {
      if (p.uid().isPresent()) {
        int uid = p.uid().getAsInt();
        return uid == 0
            ? RUNS_AS_ROOT.fail("pid " + p.pid() + " (" + p.commandLine() + ") runs as uid 0")
            : RUNS_AS_ROOT.pass("pid " + p.pid() + " runs as uid " + uid);
      }
    }
    if (unit.isPresent()) {
      Optional<SystemdUnit.Setting> user = unit.get().user();
      if (user.isEmpty()) {
        return RUNS_AS_ROOT.fail(
            "ollama.service sets no User= ("
                + String.join(", ", unit.get().files())
                + "): it runs as root");
      }
      String u = user.get().value();
      return u.equals("root") || u.equals("0")
          ? RUNS_AS_ROOT.fail("User=" + u + " (" + user.get().where() + ")")
          : RUNS_AS_ROOT.pass("User=" + u + " (" + user.get().where() + ")");
    }
    return RUNS_AS_ROOT.skip("no Ollama process or ollama.service found");
  }

  private Optional<Path> modelsDir(List<OllamaProcess> servers, Optional<SystemdUnit> unit) {
    if (options.modelsDir().isPresent()) {
      return options.modelsDir();
    }
    List<String> candidates = new ArrayList<>();
    setting("OLLAMA_MODELS", servers, unit).ifPresent(s -> candidates.add(s.value()));
    for (OllamaProcess p : servers) {
      String home = p.env().get("HOME");
      if (home != null) {
        candidates.add(home + "/.ollama/models");
      }
    }
    // The Linux installer's service user has its home here; root's is the default otherwise.
    candidates.add("/usr/share/ollama/.ollama/models");
    candidates.add("/root/.ollama/models");
    for (String c : candidates) {
      Path p = system.resolve(c);
      if (Files.isDirectory(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  private Finding modelsPermissions(Optional<Path> models) {
    if (models.isEmpty()) {
      return MODELS_PERMISSIONS.skip("no models directory found (give it with --models)");
    }
    List<String> writable = new ArrayList<>();
    for (Path p :
        List.of(models.get(), models.get().resolve("blobs"), models.get().resolve("manifests"))) {
      if (!Files.isDirectory(p)) {
        continue;
      }
      try {
        Set<PosixFilePermission> perms =
            Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
        if (perms.contains(PosixFilePermission.OTHERS_WRITE)) {
          writable.add(
              p + " (" + java.nio.file.attribute.PosixFilePermissions.toString(perms) + ")");
        }
      } catch (IOException | UnsupportedOperationException e) {
        return MODELS_PERMISSIONS.skip(
            "cannot read the permissions of " + p + ": " + e.getMessage());
      }
    }
    if (writable.isEmpty()) {
      return MODELS_PERMISSIONS.pass(models.get() + " is not writable by other users");
    }
    return MODELS_PERMISSIONS.fail(
        "writable by every user, so anyone can plant a model: " + String.join(", ", writable),
        "chmod -R o-w " + models.get() + " && chown -R ollama:ollama " + models.get());
  }

  private Finding staleModels(Optional<Path> models) {
    Path manifests = models.map(m -> m.resolve("manifests")).orElse(null);
    if (manifests == null || !Files.isDirectory(manifests)) {
      return STALE_MODELS.skip("no models/manifests directory found");
    }
    Instant cutoff = options.clock().instant().minus(Duration.ofDays(options.staleDays()));
    List<String> stale = new ArrayList<>();
    int total = 0;
    try (Stream<Path> files = Files.walk(manifests)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        total++;
        BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
        Instant used =
            a.lastAccessTime().toInstant().isAfter(a.lastModifiedTime().toInstant())
                ? a.lastAccessTime().toInstant()
                : a.lastModifiedTime().toInstant();
        if (used.isBefore(cutoff)) {
          stale.add(modelName(manifests.relativize(f)));
        }
      }
    } catch (IOException e) {
      return STALE_MODELS.skip("cannot read " + manifests + ": " + e.getMessage());
    }
    if (stale.isEmpty()) {
      return STALE_MODELS.pass(
          total + " models, all used in the last " + options.staleDays() + " days");
    }
    return STALE_MODELS.fail(
        stale.size()
            + " of "
            + total
            + " models not used for "
            + options.staleDays()
            + " days: "
            + String.join(", ", stale),
        "ollama rm " + String.join(" && ollama rm ", stale));
  }

  /**
   * registry.ollama.ai/library/llama3/latest becomes llama3:latest; other registries keep theirs.
   */
  static String modelName(Path relative) {
    List<String> parts = new ArrayList<>();
    relative.forEach(p -> parts.add(p.toString()));
    if (parts.size() < 2) {
      return String.join("/", parts);
    }
    String tag = parts.get(parts.size() - 1);
    List<String> name = new ArrayList<>(parts.subList(0, parts.size() - 1));
    if (name.size() == 3
        && name.get(0).equals("registry.ollama.ai")
        && name.get(1).equals("library")) {
      name = List.of(name.get(2));
    } else if (name.size() >= 2 && name.get(0).equals("registry.ollama.ai")) {
      name = name.subList(1, name.size());
    }
    return String.join("/", name) + ":" + tag;
  }

  private Finding firewall(OllamaHost host, boolean exposed) {
    List<Map.Entry<String, String>> files = new ArrayList<>(system.firewallFiles());
    for (Path given : options.firewallFiles()) {
      try {
        files.add(Map.entry(given.toString(), Files.readString(given)));
      } catch (IOException e) {
        throw new LocalFileException("--firewall " + given + ": cannot read: " + e.getMessage(), e);
      }
    }
    if (files.isEmpty()) {
      return exposed
          ? FIREWALL.warn(
              "no saved firewall rules found ("
                  + String.join(", ", LocalSystem.FIREWALL_FILES)
                  + ") while Ollama listens on every interface")
          : FIREWALL.skip("no saved firewall rules found; Ollama is bound to loopback");
    }
    FirewallRules.Reading r = FirewallRules.read(files, host.port());
    return switch (r.verdict()) {
      case BLOCKED -> FIREWALL.pass("port " + host.port() + " dropped: " + r.evidence());
      case RESTRICTED ->
          FIREWALL.pass(
              "port " + host.port() + " accepted only from named sources: " + r.evidence());
      case OPEN ->
          exposed
              ? FIREWALL.fail("port " + host.port() + " open: " + r.evidence())
              : FIREWALL.warn(
                  "port "
                      + host.port()
                      + " open at the firewall ("
                      + r.evidence()
                      + "); Ollama is bound to loopback, so this is defence in depth");
    };
  }

  private static Finding proxyInFront(Optional<String> front, boolean exposed) {
    if (front.isPresent()) {
      return exposed
          ? PROXY_IN_FRONT.warn(
              front.get()
                  + " runs, but Ollama also listens on every interface: the front can be bypassed")
          : PROXY_IN_FRONT.pass(
              front.get()
                  + " runs in front of a loopback-bound Ollama"
                  + (front.get().startsWith("corral gateway")
                      ? ""
                      : "; whether it authenticates is for 'corral audit URL --key KEY' to show"));
    }
    return exposed
        ? PROXY_IN_FRONT.fail("no authenticating front runs and Ollama listens on every interface")
        : PROXY_IN_FRONT.pass("Ollama is not published: bound to loopback, no front needed");
  }

  /** The corral gateway, or another reverse proxy, among the running processes. */
  private static Optional<String> front(List<OllamaProcess> all) {
    Optional<String> other = Optional.empty();
    for (OllamaProcess p : all) {
      List<String> argv = p.argv();
      boolean corral = argv.stream().anyMatch(a -> a.contains("corral"));
      if (corral && argv.contains("gateway")) {
        return Optional.of("corral gateway (pid " + p.pid() + ")");
      }
      String exe = argv.get(0).substring(argv.get(0).lastIndexOf('/') + 1).replaceFirst(":.*$", "");
      if (PROXIES.contains(exe) && other.isEmpty()) {
        other = Optional.of(exe + " (pid " + p.pid() + ")");
      }
    }
    return other;
  }

  private Path root() {
    return options.root();
  }
}
