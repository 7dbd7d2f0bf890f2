package dev.corral.cli;

import dev.corral.audit.container.ComposeReader;
import dev.corral.audit.container.ContainerFileException;
import dev.corral.audit.container.ContainerSpec;
import dev.corral.audit.container.DockerInspectReader;
import dev.corral.audit.harden.HardenSettings;
import dev.corral.audit.harden.HardenWriter;
import dev.corral.audit.harden.HardenedFiles;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code corral harden}: writes the fixed configuration that passes {@code corral audit}. */
@Command(
    name = "harden",
    mixinStandardHelpOptions = true,
    description = {
      "Write a hardened configuration for Ollama into a directory: a systemd drop-in binding it to"
          + " 127.0.0.1, a docker-compose file with Ollama on an internal network (no published"
          + " port, non-root, read-only root, no-new-privileges, all capabilities dropped,"
          + " limits) behind the corral gateway with TLS, and the gateway's configuration.",
      "",
      "Give the audited container (--docker-inspect, --compose) to keep its models volume and"
          + " the port clients use. The files pass corral audit; README.md in the directory says"
          + " how to install them.",
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  corral harden -o hardened",
      "  corral harden -o hardened --compose docker-compose.yml",
      "  corral harden -o hardened --docker-inspect inspect.json --memory 32g --cpus 8",
    })
final class HardenCommand implements Callable<Integer> {

  @Option(
      names = {"-o", "--output"},
      paramLabel = "DIR",
      required = true,
      description = "The directory to write into (created when missing).")
  private Path output;

  @Option(names = "--force", description = "Overwrite files that exist already.")
  private boolean force;

  @Option(
      names = "--docker-inspect",
      paramLabel = "FILE",
      description = "The audited container, as 'docker inspect' printed it.")
  private Path dockerInspect;

  @Option(names = "--compose", paramLabel = "FILE", description = "The audited compose file.")
  private Path compose;

  @Option(
      names = "--ollama-image",
      paramLabel = "IMAGE",
      description = "The Ollama image (default: " + HardenSettings.DEFAULT_IMAGE + ").")
  private String image;

  @Option(
      names = "--user",
      paramLabel = "UID:GID",
      description = "The user Ollama runs as in its container (default: 1000:1000).")
  private String user;

  @Option(
      names = "--memory",
      paramLabel = "SIZE",
      defaultValue = "16g",
      description = "Ollama's memory limit (default: ${DEFAULT-VALUE}).")
  private String memory;

  @Option(
      names = "--cpus",
      paramLabel = "N",
      defaultValue = "4",
      description = "Ollama's CPU limit (default: ${DEFAULT-VALUE}).")
  private String cpus;

  @Option(
      names = "--gateway-port",
      paramLabel = "PORT",
      description =
          "The host port of the gateway (default: the audited container's published 11434 port,"
              + " else 8443).")
  private Integer gatewayPort;

  @Option(
      names = "--gpus",
      description =
          "Pass the host's NVIDIA GPUs to Ollama (default: when the audited container had them).")
  private boolean gpus;

  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    List<ContainerSpec> specs = new ArrayList<>();
    try {
      if (dockerInspect != null) {
        specs.addAll(DockerInspectReader.read(dockerInspect));
      }
    } catch (ContainerFileException e) {
      throw new UserError("--docker-inspect " + e.getMessage(), ShortErrors.USAGE, e);
    }
    try {
      if (compose != null) {
        specs.addAll(ComposeReader.read(compose));
      }
    } catch (ContainerFileException e) {
      throw new UserError("--compose " + e.getMessage(), ShortErrors.USAGE, e);
    }
    if (!memory.matches("(?i)\\d+(\\.\\d+)?[kmgt]?b?")) {
      throw usage("--memory " + memory + ": expected a size such as 512m or 16g");
    }
    if (!cpus.matches("\\d+(\\.\\d+)?")) {
      throw usage("--cpus " + cpus + ": expected a number such as 4 or 0.5");
    }
    if (user != null && !user.matches("[1-9]\\d*(:\\d+)?")) {
      throw usage("--user " + user + ": expected a non-root UID[:GID] such as 1000:1000");
    }
    if (gatewayPort != null && (gatewayPort < 1 || gatewayPort > 65535)) {
      throw usage("--gateway-port " + gatewayPort + ": expected 1 to 65535");
    }
    HardenSettings settings = HardenSettings.carriedFrom(specs).withLimits(memory, cpus);
    if (image != null) {
      settings = settings.withImage(image);
    }
    if (user != null) {
      settings = settings.withUser(user);
    }
    if (gpus) {
      settings = settings.withGpus(true);
    }
    if (gatewayPort != null) {
      settings = settings.withGatewayPort(gatewayPort);
    }
    List<Path> written;
    try {
      written = HardenWriter.write(output, HardenedFiles.of(settings), force);
    } catch (HardenWriter.ExistsException e) {
      throw new UserError(e.getMessage());
    } catch (UncheckedIOException e) {
      throw new UserError(e.getMessage(), e);
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println("Wrote the hardened configuration:");
    written.forEach(p -> out.println("  " + p));
    out.println("Next: read " + output.resolve(HardenedFiles.README) + ", then check with");
    out.println("  corral audit --compose " + output.resolve(HardenedFiles.COMPOSE));
    out.flush();
    return 0;
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }
}
