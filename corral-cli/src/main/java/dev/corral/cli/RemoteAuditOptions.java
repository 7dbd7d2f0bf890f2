package dev.corral.cli;

import dev.corral.audit.check.Finding;
import dev.corral.audit.remote.RemoteAuditor;
import dev.corral.audit.remote.RemoteOptions;
import dev.corral.audit.remote.RemoteTarget;
import dev.corral.core.text.Durations;
import dev.corral.core.vuln.AdvisoryDatabase;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The options of {@code corral audit URL}: the key, the direct port, timeouts. */
public final class RemoteAuditOptions {

  @Option(
      names = "--key",
      paramLabel = "KEY",
      description =
          "A credential for the front (sent as a bearer token; user:password with --basic). Also"
              + " read from $CORRAL_AUDIT_KEY, which keeps it out of the process list.")
  private String key;

  @Option(names = "--basic", description = "Send --key as HTTP Basic user:password.")
  private boolean basic;

  @Option(
      names = "--admin-key",
      description = "The key is an admin key: model management is expected to work with it.")
  private boolean adminKey;

  @Option(
      names = "--direct",
      paramLabel = "HOST:PORT",
      description = "Ollama's own address behind the front: it should not be reachable from here.")
  private String direct;

  @Option(
      names = "--ca",
      paramLabel = "FILE",
      description =
          "Also trust the CA certificates in this PEM file when judging the server's certificate"
              + " (a private CA).")
  private java.nio.file.Path ca;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "5s",
      description = "Connect and read timeout per request (default: ${DEFAULT-VALUE}).")
  private String timeout;

  boolean given() {
    return key != null || direct != null || adminKey || basic || ca != null;
  }

  List<Finding> audit(
      String url,
      AdvisoryDatabase advisories,
      Optional<dev.corral.core.version.OllamaVersion> declaredVersion,
      Function<String, CommandLine.ParameterException> usage) {
    RemoteTarget target;
    Optional<RemoteTarget> directTarget = Optional.empty();
    Duration t;
    try {
      target = RemoteTarget.parse(url);
    } catch (IllegalArgumentException e) {
      throw usage.apply("URL: " + e.getMessage());
    }
    try {
      if (direct != null) {
        directTarget = Optional.of(RemoteTarget.parseHostPort(direct));
      }
    } catch (IllegalArgumentException e) {
      throw usage.apply("--direct: " + e.getMessage());
    }
    try {
      t = Durations.parse(timeout);
    } catch (IllegalArgumentException e) {
      throw usage.apply("--timeout " + timeout + ": " + e.getMessage());
    }
    Optional<String> caPem = Optional.empty();
    if (ca != null) {
      try {
        caPem = Optional.of(java.nio.file.Files.readString(ca));
      } catch (java.io.IOException e) {
        throw usage.apply("--ca " + ca + ": cannot read: " + e.getMessage());
      }
    }
    String credential = key != null ? key : System.getenv("CORRAL_AUDIT_KEY");
    if (basic && credential != null && !credential.contains(":")) {
      throw usage.apply("--basic: the key must be user:password");
    }
    RemoteOptions options =
        new RemoteOptions(
            target,
            Optional.ofNullable(credential),
            basic,
            adminKey,
            directTarget,
            t,
            declaredVersion,
            caPem);
    try (RemoteAuditor auditor = new RemoteAuditor(options, advisories)) {
      return auditor.audit();
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage(), ShortErrors.USAGE, e);
    }
  }
}
