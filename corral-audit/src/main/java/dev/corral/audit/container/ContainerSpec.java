package dev.corral.audit.container;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A container's security-relevant settings, read from {@code docker inspect} or a compose service.
 * Absent settings are the Docker defaults (root user, writable root, no limits).
 *
 * @param name the container or service name
 * @param source where it was read: the file, and the service or array index
 * @param file the file it was read from (the container's name for {@code docker inspect NAME})
 * @param image the image reference
 * @param user the user it runs as; empty means the image's (root for ollama/ollama)
 * @param privileged {@code --privileged}
 * @param capAdd added capabilities
 * @param capDrop dropped capabilities
 * @param securityOpt {@code --security-opt} values as written
 * @param readOnlyRootfs {@code --read-only}
 * @param memoryBytes memory limit, 0 for none
 * @param nanoCpus CPU limit in billionths of a CPU, 0 for none
 * @param ports published ports
 * @param mounts bind mounts and volumes
 * @param networkMode {@code host}, {@code bridge}, a network name, or empty
 * @param env environment variables
 * @param apparmorProfile the AppArmor profile docker inspect reports, or empty
 * @param gpus GPUs are passed in (device requests, {@code gpus:}, the nvidia runtime)
 * @param logDriver the logging driver ({@code json-file}, {@code none}...), or empty for the
 *     default
 */
public record ContainerSpec(
    String name,
    String source,
    String file,
    String image,
    String user,
    boolean privileged,
    List<String> capAdd,
    List<String> capDrop,
    List<String> securityOpt,
    boolean readOnlyRootfs,
    long memoryBytes,
    long nanoCpus,
    List<PortBinding> ports,
    List<Mount> mounts,
    String networkMode,
    Map<String, String> env,
    String apparmorProfile,
    boolean gpus,
    String logDriver) {

  /** The port Ollama serves on inside its container. */
  public static final int OLLAMA_PORT = 11434;

  public ContainerSpec {
    capAdd = List.copyOf(capAdd);
    capDrop = List.copyOf(capDrop);
    securityOpt = List.copyOf(securityOpt);
    ports = List.copyOf(ports);
    mounts = List.copyOf(mounts);
    env = Map.copyOf(env);
    user = user == null ? "" : user.strip();
    networkMode = networkMode == null ? "" : networkMode;
    apparmorProfile = apparmorProfile == null ? "" : apparmorProfile;
    image = image == null ? "" : image;
    logDriver = logDriver == null ? "" : logDriver;
  }

  /**
   * A published port.
   *
   * @param hostIp the host address it is bound to; empty means every interface
   * @param hostPort the host port, or 0 when Docker picks one
   * @param containerPort the port inside the container
   */
  public record PortBinding(String hostIp, int hostPort, int containerPort) {
    public PortBinding {
      hostIp = hostIp == null ? "" : hostIp.strip();
    }

    /** Bound to every interface: no address, {@code 0.0.0.0} or {@code ::}. */
    public boolean allInterfaces() {
      String ip = hostIp.replace("[", "").replace("]", "");
      return ip.isEmpty() || ip.equals("0.0.0.0") || ip.equals("::");
    }

    @Override
    public String toString() {
      String ip = hostIp.isEmpty() ? "" : hostIp + ":";
      return ip + (hostPort == 0 ? "" : hostPort + ":") + containerPort;
    }
  }

  /**
   * A bind mount or volume.
   *
   * @param source the host path or volume name
   * @param target the path inside the container
   * @param readOnly mounted read-only
   */
  public record Mount(String source, String target, boolean readOnly) {}

  /** Looks like an Ollama container: the image, port 11434, or OLLAMA_ variables say so. */
  public boolean looksLikeOllama() {
    return image.toLowerCase(Locale.ROOT).contains("ollama")
        || ports.stream().anyMatch(p -> p.containerPort() == OLLAMA_PORT)
        || env.keySet().stream().anyMatch(k -> k.startsWith("OLLAMA_"));
  }

  /** The value of a {@code --security-opt} key ({@code seccomp}, {@code apparmor}), if set. */
  public Optional<String> securityOption(String key) {
    for (String opt : securityOpt) {
      String o = opt.strip();
      if (o.equals(key)) {
        return Optional.of("true");
      }
      for (char sep : new char[] {'=', ':'}) {
        if (o.startsWith(key + sep)) {
          return Optional.of(o.substring(key.length() + 1));
        }
      }
    }
    return Optional.empty();
  }

  /** A one-line label: the name, and where it came from. */
  public String label() {
    return name + " (" + source + ")";
  }
}
