package dev.corral.audit.harden;

import dev.corral.audit.container.ContainerSpec;
import java.util.List;
import java.util.Optional;

/**
 * What the hardened configuration is made of. {@link #carriedFrom} takes the models volume and the
 * published port from the audited container, so the data and the clients' port stay.
 *
 * @param ollamaImage the Ollama image
 * @param user the uid:gid Ollama runs as in its container
 * @param memory the Ollama container's memory limit ({@code 16g})
 * @param cpus the Ollama container's CPU limit ({@code 4})
 * @param models where the models live: a named volume or a host path
 * @param modelsInDotOllama the volume holds a whole {@code .ollama} directory (models under {@code
 *     models/}), as the usual {@code ollama:/root/.ollama} mount does
 * @param gatewayHostIp the host address the gateway is published on; empty for every interface
 * @param gatewayPort the host port clients reach the gateway on
 * @param gpus pass the host's NVIDIA GPUs to Ollama
 */
public record HardenSettings(
    String ollamaImage,
    String user,
    String memory,
    String cpus,
    Models models,
    boolean modelsInDotOllama,
    String gatewayHostIp,
    int gatewayPort,
    boolean gpus) {

  public static final String DEFAULT_IMAGE = "ollama/ollama:latest";
  public static final int DEFAULT_GATEWAY_PORT = 8443;

  /**
   * The models' storage.
   *
   * @param source a volume name or a host path
   * @param external the volume exists already (carried over), so compose must not create it
   */
  public record Models(String source, boolean external) {
    public boolean hostPath() {
      return source.startsWith("/") || source.startsWith(".") || source.startsWith("~");
    }
  }

  public static HardenSettings defaults() {
    return new HardenSettings(
        DEFAULT_IMAGE,
        "1000:1000",
        "16g",
        "4",
        new Models("ollama", false),
        true,
        "",
        DEFAULT_GATEWAY_PORT,
        false);
  }

  /** The defaults with the models storage and published port of the first Ollama container. */
  public static HardenSettings carriedFrom(List<ContainerSpec> specs) {
    HardenSettings d = defaults();
    Optional<ContainerSpec> ollama =
        specs.stream().filter(ContainerSpec::looksLikeOllama).findFirst();
    if (ollama.isEmpty()) {
      return d;
    }
    ContainerSpec c = ollama.get();
    Models models = d.models();
    boolean dotOllama = d.modelsInDotOllama();
    for (ContainerSpec.Mount m : c.mounts()) {
      String target = m.target().replaceAll("/+$", "");
      if (target.endsWith("/.ollama") || target.endsWith("/models") || target.equals("/ollama")) {
        models = new Models(volumeName(m.source()), !m.source().isEmpty());
        dotOllama = !target.endsWith("/models");
        break;
      }
    }
    String hostIp = d.gatewayHostIp();
    int port = d.gatewayPort();
    for (ContainerSpec.PortBinding p : c.ports()) {
      if (p.containerPort() == ContainerSpec.OLLAMA_PORT && p.hostPort() > 0) {
        port = p.hostPort();
        hostIp = p.allInterfaces() ? "" : p.hostIp();
        break;
      }
    }
    return new HardenSettings(
        d.ollamaImage(), d.user(), d.memory(), d.cpus(), models, dotOllama, hostIp, port, c.gpus());
  }

  /** docker inspect reports a named volume by its path under /var/lib/docker/volumes. */
  static String volumeName(String source) {
    String prefix = "/var/lib/docker/volumes/";
    if (source.startsWith(prefix) && source.endsWith("/_data")) {
      return source.substring(prefix.length(), source.length() - "/_data".length());
    }
    return source;
  }

  public HardenSettings withImage(String image) {
    return new HardenSettings(
        image, user, memory, cpus, models, modelsInDotOllama, gatewayHostIp, gatewayPort, gpus);
  }

  public HardenSettings withUser(String value) {
    return new HardenSettings(
        ollamaImage,
        value,
        memory,
        cpus,
        models,
        modelsInDotOllama,
        gatewayHostIp,
        gatewayPort,
        gpus);
  }

  public HardenSettings withLimits(String mem, String cpu) {
    return new HardenSettings(
        ollamaImage, user, mem, cpu, models, modelsInDotOllama, gatewayHostIp, gatewayPort, gpus);
  }

  public HardenSettings withGpus(boolean value) {
    return new HardenSettings(
        ollamaImage,
        user,
        memory,
        cpus,
        models,
        modelsInDotOllama,
        gatewayHostIp,
        gatewayPort,
        value);
  }

  public HardenSettings withGatewayPort(int port) {
    return new HardenSettings(
        ollamaImage, user, memory, cpus, models, modelsInDotOllama, gatewayHostIp, port, gpus);
  }
}
