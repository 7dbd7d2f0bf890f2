package dev.corral.cli;

import dev.corral.audit.check.AuditReport;
import dev.corral.audit.check.Finding;
import dev.corral.audit.check.Severity;
import dev.corral.audit.container.ComposeReader;
import dev.corral.audit.container.ContainerChecks;
import dev.corral.audit.container.ContainerFileException;
import dev.corral.audit.container.ContainerSpec;
import dev.corral.audit.container.DockerInspectReader;
import dev.corral.audit.local.LocalAuditor;
import dev.corral.audit.local.LocalFileException;
import dev.corral.audit.local.LocalOptions;
import dev.corral.audit.output.ReportFormat;
import dev.corral.core.version.InvalidVersionException;
import dev.corral.core.version.OllamaVersion;
import dev.corral.core.vuln.AdvisoryDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code corral audit}: is an Ollama deployment exposed, and does its fix really work? */
@Command(
    name = "audit",
    description = {
      "Audit an Ollama deployment: the local machine, container definitions, or a running server"
          + " from the outside. Every check has a stable id (docs/checks.md), a severity, the"
          + " evidence and the exact fix; the report ends in a 0-100 hardening score.",
      "",
      "Remote probes never change anything: reads, and requests that fail before any work"
          + " (no pull, push, create, copy or delete takes place).",
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  corral audit --local                          this machine",
      "  corral audit --root /srv/snapshot             a copied tree: proc, etc, models",
      "  corral audit --compose docker-compose.yml     a compose file, in CI",
      "  corral audit --docker-inspect inspect.json    the output of docker inspect",
      "  corral audit http://10.0.0.5:11434            from the outside",
      "  corral audit https://llm.example.org --key KEY --direct 10.0.0.5:11434",
      "  corral audit --compose c.yml --format sarif -o audit.sarif --fail-on high",
      "",
      "Exit codes: 0 done (and nothing at or above --fail-on failed), 1 a check at or above"
          + " --fail-on failed, 2 bad usage or input.",
    })
final class AuditCommand implements Callable<Integer> {

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  private boolean help;

  @Parameters(
      arity = "0..1",
      paramLabel = "URL",
      description = "A running Ollama, or the gateway or proxy in front of it, to audit remotely.")
  private String url;

  @Option(
      names = "--local",
      description = "Audit this machine (processes, sockets, systemd, models).")
  private boolean local;

  @Option(
      names = "--root",
      paramLabel = "DIR",
      description = "Read the machine from this root directory instead of / (implies --local).")
  private Path root;

  @Option(
      names = "--version",
      paramLabel = "VERSION",
      description =
          "The Ollama version: installed (--local; default: what 'ollama --version' says) or"
              + " running behind the front (URL), when it is hidden.")
  private String version;

  @Option(
      names = "--models",
      paramLabel = "DIR",
      description = "The models directory (default: OLLAMA_MODELS, else the usual places).")
  private Path models;

  @Option(
      names = "--stale-days",
      paramLabel = "N",
      defaultValue = "90",
      description = "A model unused for this many days is stale (default: ${DEFAULT-VALUE}).")
  private int staleDays;

  @Option(
      names = "--firewall",
      paramLabel = "FILE",
      description =
          "Saved firewall rules to read besides the usual files (iptables-save or 'nft list"
              + " ruleset' output; repeatable).")
  private List<Path> firewall = new ArrayList<>();

  @Option(
      names = "--docker-inspect",
      paramLabel = "FILE",
      description = "The JSON array 'docker inspect' printed (repeatable).")
  private List<Path> dockerInspect = new ArrayList<>();

  @Option(
      names = "--compose",
      paramLabel = "FILE",
      description = "A docker-compose file (repeatable).")
  private List<Path> compose = new ArrayList<>();

  @Option(
      names = "--docker",
      paramLabel = "NAME",
      description = "A container to inspect with the docker CLI (repeatable).")
  private List<String> docker = new ArrayList<>();

  @Mixin private RemoteAuditOptions remote;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text, json or sarif (default: ${DEFAULT-VALUE}).")
  private ReportFormat format;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "Write the report here instead of standard output.")
  private Path output;

  @Option(
      names = "--fail-on",
      paramLabel = "SEVERITY",
      description =
          "Exit with 1 when a check of this severity or worse fails: critical, high, medium, low"
              + " or info. Without it the exit code is 0 whatever was found.")
  private String failOn;

  @Mixin private DataDirOption dataDir;

  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    Severity threshold = failOn == null ? null : parseSeverity(failOn);
    boolean doLocal = local || root != null || !firewall.isEmpty();
    boolean containers = !dockerInspect.isEmpty() || !compose.isEmpty() || !docker.isEmpty();
    if (!doLocal && !containers && url == null) {
      throw usage(
          "nothing to audit: give a URL, --local, --root DIR, --docker-inspect FILE, --compose"
              + " FILE or --docker NAME");
    }
    if (url == null && remote.given()) {
      throw usage("--key, --direct, --admin-key and --ca need a URL to audit");
    }
    AdvisoryDatabase advisories = VulnsCommand.open(dataDir);
    List<Finding> findings = new ArrayList<>();
    List<String> targets = new ArrayList<>();
    if (containers) {
      List<ContainerSpec> specs = new ArrayList<>();
      for (Path file : dockerInspect) {
        specs.addAll(readContainers("--docker-inspect", () -> DockerInspectReader.read(file)));
        targets.add(file.toString());
      }
      for (Path file : compose) {
        specs.addAll(readContainers("--compose", () -> ComposeReader.read(file)));
        targets.add(file.toString());
      }
      for (String name : docker) {
        specs.addAll(
            readContainers("--docker", () -> DockerInspectReader.parse(dockerInspect(name), name)));
        targets.add("docker:" + name);
      }
      if (specs.isEmpty()) {
        throw usage("no containers found in " + String.join(", ", targets));
      }
      findings.addAll(ContainerChecks.check(specs));
    }
    if (doLocal) {
      findings.addAll(localFindings(advisories));
      targets.add(root == null ? "local:/" : "local:" + root);
    }
    if (url != null) {
      findings.addAll(remote.audit(url, advisories, declaredVersion(), this::usage));
      targets.add(url);
    }
    AuditReport report = new AuditReport(String.join(", ", targets), findings);
    write(format.render(report));
    return threshold != null && report.failsAt(threshold) ? ShortErrors.FAILURE : 0;
  }

  private List<Finding> localFindings(AdvisoryDatabase advisories) {
    Path base = root == null ? Path.of("/") : root;
    if (!Files.isDirectory(base)) {
      throw usage("--root " + base + ": not a directory");
    }
    Optional<OllamaVersion> given = declaredVersion();
    LocalOptions options =
        new LocalOptions(
            base,
            Optional.ofNullable(models),
            given,
            root == null,
            staleDays,
            Clock.systemUTC(),
            firewall);
    try {
      return new LocalAuditor(options, advisories).audit();
    } catch (LocalFileException e) {
      throw new UserError(e.getMessage(), ShortErrors.USAGE, e);
    }
  }

  private Optional<OllamaVersion> declaredVersion() {
    if (version == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(OllamaVersion.parse(version));
    } catch (InvalidVersionException e) {
      throw usage("--version " + version + ": " + e.getMessage());
    }
  }

  private interface ContainerRead {
    List<ContainerSpec> read();
  }

  private static List<ContainerSpec> readContainers(String option, ContainerRead read) {
    try {
      return read.read();
    } catch (ContainerFileException e) {
      throw new UserError(option + " " + e.getMessage(), ShortErrors.USAGE, e);
    }
  }

  /** Runs {@code docker inspect NAME}; only when the docker CLI is there. */
  private String dockerInspect(String name) {
    try {
      Process p =
          new ProcessBuilder("docker", "inspect", "--", name)
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .redirectError(ProcessBuilder.Redirect.PIPE)
              .start();
      byte[] out = p.getInputStream().readAllBytes();
      String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw usage("--docker " + name + ": docker inspect failed: " + err);
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw usage(
          "--docker "
              + name
              + ": cannot run the docker CLI ("
              + e.getMessage()
              + "); save"
              + " 'docker inspect "
              + name
              + "' to a file and use --docker-inspect FILE");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserError("interrupted");
    }
  }

  private void write(String text) {
    if (output == null) {
      spec.commandLine().getOut().print(text);
      spec.commandLine().getOut().flush();
      return;
    }
    try {
      Files.writeString(output, text);
    } catch (IOException e) {
      throw new UserError("-o " + output + ": cannot write: " + e.getMessage(), e);
    }
  }

  private Severity parseSeverity(String text) {
    try {
      return Severity.parse(text);
    } catch (IllegalArgumentException e) {
      throw usage("--fail-on: " + e.getMessage());
    }
  }

  CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }
}
