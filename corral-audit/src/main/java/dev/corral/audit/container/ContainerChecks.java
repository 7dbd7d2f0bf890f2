package dev.corral.audit.container;

import dev.corral.audit.check.Check;
import dev.corral.audit.check.Finding;
import dev.corral.audit.check.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The container checks (CIS Docker Benchmark section 5 where it applies, plus what is specific to
 * Ollama), each made against one container spec. docs/checks.md documents every id.
 */
public final class ContainerChecks {
  public static final Check ROOT_USER =
      new Check(
          "container.root-user",
          "The Ollama container runs as a non-root user",
          Severity.HIGH,
          "compose: user: \"1000:1000\" (docker run --user 1000:1000), with OLLAMA_MODELS on a"
              + " volume that user owns");
  public static final Check PRIVILEGED =
      new Check(
          "container.privileged",
          "The Ollama container is not privileged",
          Severity.CRITICAL,
          "compose: remove 'privileged: true' (docker run without --privileged); for GPUs use"
              + " deploy.resources.reservations.devices or --gpus");
  public static final Check CAP_ADD =
      new Check(
          "container.cap-add",
          "No capabilities are added to the Ollama container",
          Severity.HIGH,
          "compose: remove cap_add (docker run without --cap-add)");
  public static final Check CAP_DROP =
      new Check(
          "container.cap-drop-all",
          "The Ollama container drops all capabilities",
          Severity.MEDIUM,
          "compose: cap_drop: [ALL] (docker run --cap-drop ALL)");
  public static final Check SECCOMP =
      new Check(
          "container.seccomp-unconfined",
          "The Ollama container keeps a seccomp profile",
          Severity.HIGH,
          "compose: remove 'seccomp=unconfined' (or 'seccomp:unconfined') from security_opt; the"
              + " default profile applies");
  public static final Check APPARMOR =
      new Check(
          "container.apparmor-unconfined",
          "The Ollama container keeps an AppArmor profile",
          Severity.MEDIUM,
          "compose: remove 'apparmor=unconfined' from security_opt; docker-default applies");
  public static final Check NO_NEW_PRIVILEGES =
      new Check(
          "container.no-new-privileges",
          "The Ollama container sets no-new-privileges",
          Severity.MEDIUM,
          "compose: security_opt: [\"no-new-privileges:true\"] (docker run --security-opt"
              + " no-new-privileges)");
  public static final Check READ_ONLY =
      new Check(
          "container.writable-rootfs",
          "The Ollama container's root file system is read-only",
          Severity.MEDIUM,
          "compose: read_only: true and tmpfs: [/tmp] (docker run --read-only --tmpfs /tmp)");
  public static final Check MEMORY =
      new Check(
          "container.no-memory-limit",
          "The Ollama container has a memory limit",
          Severity.MEDIUM,
          "compose: mem_limit: 16g (docker run --memory 16g), sized for the largest model");
  public static final Check CPU =
      new Check(
          "container.no-cpu-limit",
          "The Ollama container has a CPU limit",
          Severity.LOW,
          "compose: cpus: 4 (docker run --cpus 4)");
  public static final Check PORT_ALL_INTERFACES =
      new Check(
          "container.port-published-all-interfaces",
          "Port 11434 is not published on every interface",
          Severity.CRITICAL,
          "compose: remove the 11434 port mapping and reach Ollama through the corral gateway on"
              + " an internal network (corral harden), or bind it to loopback:"
              + " \"127.0.0.1:11434:11434\"");
  public static final Check DOCKER_SOCKET =
      new Check(
          "container.docker-socket-mounted",
          "The Docker socket is not mounted into the Ollama container",
          Severity.CRITICAL,
          "compose: remove the /var/run/docker.sock volume");
  public static final Check SENSITIVE_MOUNTS =
      new Check(
          "container.sensitive-mounts",
          "No sensitive host directory is mounted into the Ollama container",
          Severity.HIGH,
          "compose: mount only the models volume; remove binds of /, /etc, /root, /home, /proc,"
              + " /sys, /dev, /boot, /usr, /run, /var/run and /var/lib/docker");
  public static final Check LOGGING_DISABLED =
      new Check(
          "container.logging-disabled",
          "The Ollama container's logs are kept",
          Severity.LOW,
          "compose: remove 'logging: {driver: none}' (keep json-file or journald) so requests can"
              + " be reviewed");
  public static final Check HOST_NETWORK =
      new Check(
          "container.host-network",
          "The Ollama container does not share the host's network",
          Severity.HIGH,
          "compose: remove 'network_mode: host' and put Ollama on an internal network");
  public static final Check CORS_WILDCARD =
      new Check(
          "container.cors-wildcard",
          "OLLAMA_ORIGINS does not allow every web origin",
          Severity.HIGH,
          "compose: remove OLLAMA_ORIGINS=* (list the exact origins that need the API, or none)");

  /** Every container check, in documentation order. */
  public static final List<Check> ALL =
      List.of(
          ROOT_USER,
          PRIVILEGED,
          CAP_ADD,
          CAP_DROP,
          SECCOMP,
          APPARMOR,
          NO_NEW_PRIVILEGES,
          READ_ONLY,
          MEMORY,
          CPU,
          PORT_ALL_INTERFACES,
          DOCKER_SOCKET,
          SENSITIVE_MOUNTS,
          HOST_NETWORK,
          LOGGING_DISABLED,
          CORS_WILDCARD);

  private static final Set<String> DOCKER_SOCKETS =
      Set.of("/var/run/docker.sock", "/run/docker.sock");

  private ContainerChecks() {}

  /**
   * Checks the Ollama containers among {@code specs}; when none looks like Ollama, every one is
   * checked, so a renamed image is not silently passed.
   */
  public static List<Finding> check(List<ContainerSpec> specs) {
    List<ContainerSpec> ollama = specs.stream().filter(ContainerSpec::looksLikeOllama).toList();
    List<Finding> out = new ArrayList<>();
    for (ContainerSpec spec : ollama.isEmpty() ? specs : ollama) {
      out.addAll(check(spec));
    }
    return out;
  }

  /** Every container check on one container; each finding's evidence names it. */
  public static List<Finding> check(ContainerSpec c) {
    List<Finding> out = new ArrayList<>();
    out.add(rootUser(c));
    out.add(
        c.privileged() ? PRIVILEGED.fail("privileged: true") : PRIVILEGED.pass("not privileged"));
    out.add(
        c.capAdd().isEmpty()
            ? CAP_ADD.pass("no added capabilities")
            : CAP_ADD.fail("cap_add: " + c.capAdd()));
    out.add(
        c.capDrop().stream().anyMatch(s -> s.equalsIgnoreCase("ALL"))
            ? CAP_DROP.pass("cap_drop: " + c.capDrop())
            : CAP_DROP.fail(
                c.capDrop().isEmpty() ? "no capabilities dropped" : "cap_drop: " + c.capDrop()));
    out.add(
        c.securityOption("seccomp").filter(v -> v.equalsIgnoreCase("unconfined")).isPresent()
            ? SECCOMP.fail("security_opt: seccomp=unconfined")
            : SECCOMP.pass("seccomp profile kept"));
    boolean apparmorOff =
        c.securityOption("apparmor").filter(v -> v.equalsIgnoreCase("unconfined")).isPresent()
            || c.apparmorProfile().equalsIgnoreCase("unconfined");
    out.add(
        apparmorOff
            ? APPARMOR.fail("AppArmor profile: unconfined")
            : APPARMOR.pass(
                c.apparmorProfile().isEmpty()
                    ? "AppArmor not disabled"
                    : "AppArmor profile: " + c.apparmorProfile()));
    boolean nnp =
        c.securityOption("no-new-privileges").filter(v -> !v.equalsIgnoreCase("false")).isPresent();
    out.add(
        nnp
            ? NO_NEW_PRIVILEGES.pass("no-new-privileges set")
            : NO_NEW_PRIVILEGES.fail("security_opt has no no-new-privileges"));
    out.add(
        c.readOnlyRootfs()
            ? READ_ONLY.pass("read_only: true")
            : READ_ONLY.fail("the root file system is writable"));
    out.add(
        c.memoryBytes() > 0
            ? MEMORY.pass("memory limit " + c.memoryBytes() + " bytes")
            : MEMORY.fail("no memory limit"));
    out.add(
        c.nanoCpus() > 0
            ? CPU.pass("CPU limit " + c.nanoCpus() / 1e9 + " CPUs")
            : CPU.fail("no CPU limit"));
    out.add(publishedPort(c));
    out.add(dockerSocket(c));
    out.add(sensitiveMounts(c));
    out.add(
        c.logDriver().equalsIgnoreCase("none")
            ? LOGGING_DISABLED.fail("logging driver: none")
            : LOGGING_DISABLED.pass(
                c.logDriver().isEmpty()
                    ? "default logging driver"
                    : "logging driver: " + c.logDriver()));
    out.add(
        c.networkMode().equalsIgnoreCase("host")
            ? HOST_NETWORK.fail("network_mode: host: Ollama's socket is on the host's interfaces")
            : HOST_NETWORK.pass(
                c.networkMode().isEmpty()
                    ? "own network namespace"
                    : "network_mode: " + c.networkMode()));
    String origins = c.env().getOrDefault("OLLAMA_ORIGINS", "");
    out.add(
        originsAllowAny(origins)
            ? CORS_WILDCARD.fail("OLLAMA_ORIGINS=" + origins)
            : CORS_WILDCARD.pass(
                origins.isEmpty() ? "OLLAMA_ORIGINS not set" : "OLLAMA_ORIGINS=" + origins));
    return out.stream().map(f -> f.about(c.label()).at(c.file())).toList();
  }

  /** {@code *} as one of the comma-separated origins, or a scheme-wide wildcard. */
  public static boolean originsAllowAny(String origins) {
    for (String o : origins.split(",")) {
      String t = o.strip();
      if (t.equals("*") || t.equals("http://*") || t.equals("https://*")) {
        return true;
      }
    }
    return false;
  }

  private static Finding rootUser(ContainerSpec c) {
    String user = c.user();
    String name = user.contains(":") ? user.substring(0, user.indexOf(':')) : user;
    if (name.isEmpty()) {
      return ROOT_USER.fail("no user set: the ollama/ollama image runs as root");
    }
    if (name.equals("0") || name.toLowerCase(Locale.ROOT).equals("root")) {
      return ROOT_USER.fail("user: " + user);
    }
    return ROOT_USER.pass("user: " + user);
  }

  private static Finding publishedPort(ContainerSpec c) {
    if (c.networkMode().equalsIgnoreCase("host")) {
      return PORT_ALL_INTERFACES.fail(
          "network_mode: host: port 11434 is on every host interface unless OLLAMA_HOST binds"
              + " loopback");
    }
    List<ContainerSpec.PortBinding> open =
        c.ports().stream()
            .filter(p -> p.containerPort() == ContainerSpec.OLLAMA_PORT && p.allInterfaces())
            .toList();
    if (!open.isEmpty()) {
      return PORT_ALL_INTERFACES.fail("published on every interface: " + open);
    }
    List<ContainerSpec.PortBinding> bound =
        c.ports().stream().filter(p -> p.containerPort() == ContainerSpec.OLLAMA_PORT).toList();
    return PORT_ALL_INTERFACES.pass(
        bound.isEmpty() ? "11434 not published" : "published only on " + bound);
  }

  private static final Set<String> SENSITIVE =
      Set.of(
          "/",
          "/etc",
          "/root",
          "/home",
          "/proc",
          "/sys",
          "/dev",
          "/boot",
          "/usr",
          "/run",
          "/var/run",
          "/var/lib/docker");

  /** Anything below these is sensitive too; a models directory under /home/alice is not. */
  private static final Set<String> SYSTEM_TREES =
      Set.of("/etc", "/root", "/proc", "/sys", "/dev", "/boot", "/var/lib/docker");

  private static Finding sensitiveMounts(ContainerSpec c) {
    List<String> found = new ArrayList<>();
    for (ContainerSpec.Mount m : c.mounts()) {
      String source = m.source().length() > 1 ? m.source().replaceAll("/+$", "") : m.source();
      if (DOCKER_SOCKETS.contains(source) || source.startsWith("/var/lib/docker/volumes/")) {
        continue; // the socket has its own check; named volumes are what should be mounted
      }
      boolean sensitive =
          SENSITIVE.contains(source)
              || SYSTEM_TREES.stream().anyMatch(t -> source.startsWith(t + "/"));
      if (sensitive) {
        found.add(m.source() + " at " + m.target() + (m.readOnly() ? " (read-only)" : ""));
      }
    }
    return found.isEmpty()
        ? SENSITIVE_MOUNTS.pass("no sensitive host directory mounted")
        : SENSITIVE_MOUNTS.fail("mounts " + String.join(", ", found));
  }

  private static Finding dockerSocket(ContainerSpec c) {
    for (ContainerSpec.Mount m : c.mounts()) {
      if (DOCKER_SOCKETS.contains(m.source()) || DOCKER_SOCKETS.contains(m.target())) {
        return DOCKER_SOCKET.fail("mounts " + m.source() + " at " + m.target());
      }
    }
    return DOCKER_SOCKET.pass("no Docker socket mounted");
  }
}
