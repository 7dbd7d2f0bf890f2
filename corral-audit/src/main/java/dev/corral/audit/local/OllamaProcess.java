package dev.corral.audit.local;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A running {@code ollama serve}, from /proc/PID.
 *
 * @param pid the process id
 * @param argv its command line
 * @param env its environment (empty when /proc/PID/environ was not readable)
 * @param uid its real user id, when /proc/PID/status was readable
 * @param container it runs in a container (its /proc/PID/cgroup names docker, containerd, podman,
 *     kubepods or lxc), so its environment describes the container's network, not the host's
 */
public record OllamaProcess(
    int pid, List<String> argv, Map<String, String> env, OptionalInt uid, boolean container) {
  public OllamaProcess {
    argv = List.copyOf(argv);
    env = Map.copyOf(env);
  }

  public String commandLine() {
    return String.join(" ", argv);
  }
}
