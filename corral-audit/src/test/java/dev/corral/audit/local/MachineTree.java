package dev.corral.audit.local;

import dev.corral.audit.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Builds a machine's file tree (proc, etc, models) under a temporary root, from fixtures. */
final class MachineTree {
  private final Path root;

  MachineTree(Path root) {
    this.root = root;
  }

  Path root() {
    return root;
  }

  MachineTree file(String absolute, String text) {
    Path p = root.resolve(absolute.replaceFirst("^/+", ""));
    try {
      Files.createDirectories(p.getParent());
      Files.writeString(p, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  MachineTree fixture(String absolute, String fixture) {
    return file(absolute, Fixtures.text("local/" + fixture));
  }

  MachineTree sockets(String tcp, String tcp6) {
    return fixture("/proc/net/tcp", tcp).fixture("/proc/net/tcp6", tcp6);
  }

  MachineTree unit(String fixture) {
    return fixture("/etc/systemd/system/ollama.service", fixture);
  }

  MachineTree dropIn(String name, String text) {
    return file("/etc/systemd/system/ollama.service.d/" + name, text);
  }

  MachineTree process(int pid, List<String> argv, Map<String, String> env, int uid) {
    StringBuilder environ = new StringBuilder();
    env.forEach((k, v) -> environ.append(k).append('=').append(v).append('\0'));
    String dir = "/proc/" + pid;
    file(dir + "/cmdline", String.join("\0", argv) + "\0");
    file(dir + "/environ", environ.toString());
    return file(
        dir + "/status",
        "Name:\t" + argv.get(0) + "\nUid:\t" + uid + "\t" + uid + "\t" + uid + "\t" + uid + "\n");
  }

  /** The hardened compose's Ollama as the host sees it: in a container, OLLAMA_HOST=0.0.0.0. */
  MachineTree containerisedServer(int pid) {
    process(
        pid,
        List.of("/bin/ollama", "serve"),
        Map.of("OLLAMA_HOST", "0.0.0.0:11434", "HOME", "/tmp"),
        1000);
    return file("/proc/" + pid + "/cgroup", "0::/system.slice/docker-3f5c1a9b2e7d4c8f.scope\n");
  }

  MachineTree ollamaServer(int uid, Map<String, String> env) {
    return process(1234, List.of("/usr/local/bin/ollama", "serve"), env, uid);
  }

  MachineTree models(String absolute, String permissions) {
    Path p = root.resolve(absolute.replaceFirst("^/+", ""));
    try {
      Files.createDirectories(p.resolve("blobs"));
      Files.createDirectories(p.resolve("manifests"));
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(permissions));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  MachineTree manifest(String modelsDir, String relative, Instant lastUsed) {
    Path p = root.resolve(modelsDir.replaceFirst("^/+", "")).resolve("manifests").resolve(relative);
    try {
      Files.createDirectories(p.getParent());
      Files.write(p, "{\"schemaVersion\":2}".getBytes(StandardCharsets.UTF_8));
      Files.setLastModifiedTime(p, FileTime.from(lastUsed));
      Files.setAttribute(p, "lastAccessTime", FileTime.from(lastUsed));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }
}
