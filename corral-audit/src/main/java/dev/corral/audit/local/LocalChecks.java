package dev.corral.audit.local;

import dev.corral.audit.check.Check;
import dev.corral.audit.check.Severity;
import java.util.List;

/**
 * The local checks' definitions; {@link LocalAuditor} makes them. docs/checks.md documents each.
 */
public final class LocalChecks {
  public static final Check LISTEN_ALL_INTERFACES =
      new Check(
          "local.listen-all-interfaces",
          "Ollama listens on loopback only",
          Severity.CRITICAL,
          "bind Ollama to loopback: put Environment=\"OLLAMA_HOST=127.0.0.1:11434\" in"
              + " /etc/systemd/system/ollama.service.d/corral.conf (corral harden writes it), then"
              + " systemctl daemon-reload && systemctl restart ollama");
  public static final Check OLLAMA_HOST =
      new Check(
          "local.ollama-host",
          "OLLAMA_HOST does not bind every interface",
          Severity.HIGH,
          "set Environment=\"OLLAMA_HOST=127.0.0.1:11434\" in"
              + " /etc/systemd/system/ollama.service.d/corral.conf and remove OLLAMA_HOST=0.0.0.0"
              + " elsewhere");
  public static final Check CORS_WILDCARD =
      new Check(
          "local.cors-wildcard",
          "OLLAMA_ORIGINS does not allow every web origin",
          Severity.HIGH,
          "remove OLLAMA_ORIGINS=* (any web page could drive the API from a visitor's browser);"
              + " list exact origins instead");
  public static final Check RUNS_AS_ROOT =
      new Check(
          "local.runs-as-root",
          "The Ollama server does not run as root",
          Severity.MEDIUM,
          "run Ollama as its own user: User=ollama and Group=ollama in the [Service] section"
              + " (the official install.sh creates that user)");
  public static final Check MODELS_PERMISSIONS =
      new Check(
          "local.models-permissions",
          "The models directory is not writable by other users",
          Severity.HIGH,
          "chmod -R o-w MODELS_DIR (and chown -R ollama:ollama MODELS_DIR)");
  public static final Check STALE_MODELS =
      new Check(
          "local.stale-models",
          "No model has gone unused for long",
          Severity.LOW,
          "remove models nobody uses: ollama rm MODEL");
  public static final Check FIREWALL =
      new Check(
          "local.firewall",
          "The firewall drops inbound connections to the Ollama port",
          Severity.MEDIUM,
          "drop the port at the firewall: nft add rule inet filter input tcp dport 11434 drop (or"
              + " iptables -A INPUT -p tcp --dport 11434 -j DROP), and save the rules");
  public static final Check PROXY_IN_FRONT =
      new Check(
          "local.proxy-in-front",
          "Ollama is published only through an authenticating front",
          Severity.HIGH,
          "run the corral gateway in front of a loopback-bound Ollama (corral harden writes the"
              + " configuration)");

  /** Every local check except the version checks, in documentation order. */
  public static final List<Check> ALL =
      List.of(
          LISTEN_ALL_INTERFACES,
          OLLAMA_HOST,
          CORS_WILDCARD,
          RUNS_AS_ROOT,
          MODELS_PERMISSIONS,
          STALE_MODELS,
          FIREWALL,
          PROXY_IN_FRONT);

  private LocalChecks() {}
}
