package dev.corral.audit.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what the local checks need from a root directory: {@code /} on a live machine, a fixture
 * tree in tests. Every path is resolved under the root, so a fixture can stand in for a machine.
 */
public final class LocalSystem {
  private static final Pattern UID = Pattern.compile("(?m)^Uid:\\s+(\\d+)");

  /** cgroup paths of container runtimes: docker, containerd, podman (libpod), Kubernetes, LXC. */
  private static final Pattern CONTAINER_CGROUP =
      Pattern.compile("docker|containerd|libpod|kubepods|/lxc/|lxc\\.payload");

  /** Where systemd looks for units, most specific first. */
  static final List<String> UNIT_DIRS =
      List.of("etc/systemd/system", "usr/lib/systemd/system", "lib/systemd/system");

  /** Firewall rule files people keep, nftables first. */
  static final List<String> FIREWALL_FILES =
      List.of(
          "etc/nftables.conf",
          "etc/nftables/main.nft",
          "etc/sysconfig/nftables.conf",
          "etc/iptables/rules.v4",
          "etc/iptables/rules.v6",
          "etc/sysconfig/iptables",
          "etc/sysconfig/ip6tables",
          "etc/ufw/user.rules",
          "etc/ufw/user6.rules");

  private final Path root;

  public LocalSystem(Path root) {
    this.root = root;
  }

  public Path root() {
    return root;
  }

  /** A path under the root: {@code /etc/x} becomes {@code ROOT/etc/x}. */
  public Path resolve(String absolute) {
    String relative = absolute.replaceFirst("^/+", "");
    return relative.isEmpty() ? root : root.resolve(relative);
  }

  /** Listening sockets from proc/net/tcp and tcp6; empty when neither file exists. */
  public List<Listener> listeners() {
    List<Listener> out = new ArrayList<>();
    for (String name : List.of("proc/net/tcp", "proc/net/tcp6")) {
      readText(name).ifPresent(text -> out.addAll(ProcNetTcp.listeners(text, "/" + name)));
    }
    return out;
  }

  /** True when at least one of proc/net/tcp and tcp6 could be read. */
  public boolean hasSocketTable() {
    return Files.isReadable(resolve("proc/net/tcp")) || Files.isReadable(resolve("proc/net/tcp6"));
  }

  /** Every process under proc whose command line is an Ollama server. */
  public List<OllamaProcess> ollamaProcesses() {
    return processes().stream().filter(p -> isOllamaServer(p.argv())).toList();
  }

  /** Every process under proc (pid, argv, environment, uid). */
  public List<OllamaProcess> processes() {
    Path proc = resolve("proc");
    List<OllamaProcess> out = new ArrayList<>();
    if (!Files.isDirectory(proc)) {
      return out;
    }
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(proc, "[0-9]*")) {
      for (Path dir : dirs) {
        Optional<byte[]> cmdline = readBytes(dir.resolve("cmdline"));
        if (cmdline.isEmpty() || cmdline.get().length == 0) {
          continue;
        }
        List<String> argv = nulSeparated(cmdline.get());
        Map<String, String> env = new LinkedHashMap<>();
        for (String entry : nulSeparated(readBytes(dir.resolve("environ")).orElse(new byte[0]))) {
          int eq = entry.indexOf('=');
          if (eq > 0) {
            env.put(entry.substring(0, eq), entry.substring(eq + 1));
          }
        }
        OptionalInt uid = OptionalInt.empty();
        Optional<byte[]> status = readBytes(dir.resolve("status"));
        if (status.isPresent()) {
          Matcher m = UID.matcher(new String(status.get(), StandardCharsets.UTF_8));
          if (m.find()) {
            uid = OptionalInt.of(Integer.parseInt(m.group(1)));
          }
        }
        int pid;
        try {
          pid = Integer.parseInt(dir.getFileName().toString());
        } catch (NumberFormatException e) {
          continue;
        }
        String cgroup =
            readBytes(dir.resolve("cgroup"))
                .map(b -> new String(b, StandardCharsets.UTF_8))
                .orElse("");
        out.add(new OllamaProcess(pid, argv, env, uid, CONTAINER_CGROUP.matcher(cgroup).find()));
      }
    } catch (IOException e) {
      throw new LocalFileException("cannot list " + proc + ": " + e.getMessage(), e);
    }
    out.sort(java.util.Comparator.comparingInt(OllamaProcess::pid));
    return out;
  }

  static boolean isOllamaServer(List<String> argv) {
    if (argv.isEmpty()) {
      return false;
    }
    String exe = argv.get(0).substring(argv.get(0).lastIndexOf('/') + 1);
    return exe.equals("ollama") && argv.contains("serve");
  }

  /** ollama.service and its drop-ins, or empty when no unit file exists. */
  public Optional<SystemdUnit> ollamaUnit() {
    List<Map.Entry<String, String>> files = new ArrayList<>();
    for (String dir : UNIT_DIRS) {
      String name = dir + "/ollama.service";
      Optional<String> text = readText(name);
      if (text.isPresent()) {
        files.add(Map.entry("/" + name, text.get()));
        break; // the most specific unit file wins whole
      }
    }
    // Drop-ins from every directory apply, sorted by file name across directories.
    Map<String, Map.Entry<String, String>> dropIns = new java.util.TreeMap<>();
    for (String dir : UNIT_DIRS.reversed()) {
      Path d = resolve(dir + "/ollama.service.d");
      if (!Files.isDirectory(d)) {
        continue;
      }
      try (DirectoryStream<Path> confs = Files.newDirectoryStream(d, "*.conf")) {
        for (Path conf : confs) {
          String name = dir + "/ollama.service.d/" + conf.getFileName();
          dropIns.put(
              conf.getFileName().toString(), Map.entry("/" + name, readText(name).orElse("")));
        }
      } catch (IOException e) {
        throw new LocalFileException("cannot list " + d + ": " + e.getMessage(), e);
      }
    }
    if (files.isEmpty() && dropIns.isEmpty()) {
      return Optional.empty();
    }
    files.addAll(dropIns.values());
    return Optional.of(SystemdUnit.parse(files));
  }

  /** The firewall rule files that exist, as (absolute name, text). */
  public List<Map.Entry<String, String>> firewallFiles() {
    List<Map.Entry<String, String>> out = new ArrayList<>();
    for (String name : FIREWALL_FILES) {
      readText(name).ifPresent(text -> out.add(Map.entry("/" + name, text)));
    }
    return out;
  }

  /** The text of a file under the root, or empty when it does not exist or cannot be read. */
  public Optional<String> readText(String name) {
    return readBytes(resolve(name)).map(b -> new String(b, StandardCharsets.UTF_8));
  }

  private static Optional<byte[]> readBytes(Path file) {
    try {
      return Optional.of(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      // Unreadable (another user's process): the audit says what it could not see instead.
      return Optional.empty();
    }
  }

  private static List<String> nulSeparated(byte[] bytes) {
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= bytes.length; i++) {
      if (i == bytes.length || bytes[i] == 0) {
        if (i > start) {
          out.add(new String(bytes, start, i - start, StandardCharsets.UTF_8));
        }
        start = i + 1;
      }
    }
    return out;
  }
}
