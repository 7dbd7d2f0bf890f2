package dev.corral.audit.remote;

import dev.corral.audit.check.Check;
import dev.corral.audit.check.Severity;
import java.util.List;

/** The remote checks' definitions; {@link RemoteAuditor} makes them. docs/checks.md has each. */
public final class RemoteChecks {
  public static final Check UNAUTHENTICATED_API =
      new Check(
          "remote.unauthenticated-api",
          "The API refuses requests without a credential",
          Severity.CRITICAL,
          "bind Ollama to 127.0.0.1 and publish it only through the corral gateway (corral harden"
              + " writes the configuration)");
  public static final Check INFERENCE_OPEN =
      new Check(
          "remote.inference-open",
          "Inference routes refuse requests without a credential",
          Severity.HIGH,
          "put the corral gateway in front: every route needs a key (rule auth-required)");
  public static final Check MANAGEMENT_OPEN =
      new Check(
          "remote.model-management-open",
          "Model-management routes refuse requests without a credential",
          Severity.CRITICAL,
          "put the corral gateway in front: pull, push, create, copy, delete and blob uploads are"
              + " for admin keys only (rule role-model-management)");
  public static final Check CORS_WILDCARD =
      new Check(
          "remote.cors-wildcard",
          "A foreign web origin is not allowed by CORS",
          Severity.HIGH,
          "remove OLLAMA_ORIGINS=* from Ollama's environment; the corral gateway refuses foreign"
              + " origins (rule host-origin-check)");
  public static final Check TLS =
      new Check(
          "remote.tls",
          "The API is served over TLS",
          Severity.MEDIUM,
          "serve the front over https: the corral gateway's tls.cert and tls.key (corral harden)");
  public static final Check TLS_CERTIFICATE =
      new Check(
          "remote.tls-certificate",
          "A client that checks certificates accepts the server's",
          Severity.MEDIUM,
          "serve a certificate from a CA the clients trust, valid now and naming the host (or give"
              + " the private CA with --ca FILE); clients told to skip checks can be intercepted");
  public static final Check VERSION_HIDDEN =
      new Check(
          "remote.version-hidden",
          "The Ollama version is not told to anonymous callers",
          Severity.LOW,
          "refuse /api/version without a credential (the corral gateway does; in nginx:"
              + " location = /api/version { return 403; })");
  public static final Check KEY_ACCEPTED =
      new Check(
          "remote.key-accepted",
          "The given key works for reads",
          Severity.MEDIUM,
          "check the key (corral keys list) and how the front expects it (--basic for user:password)");
  public static final Check ADMIN_REFUSED_TO_KEY =
      new Check(
          "remote.admin-routes-refused",
          "Model-management routes are refused to an ordinary key",
          Severity.HIGH,
          "give ordinary users user-role keys: the corral gateway allows model management to admin"
              + " keys only (rule role-model-management)");
  public static final Check DIRECT_PORT_CLOSED =
      new Check(
          "remote.direct-port-closed",
          "Ollama's own port cannot be reached around the front",
          Severity.CRITICAL,
          "bind Ollama to 127.0.0.1 (OLLAMA_HOST=127.0.0.1:11434) or keep it on an internal Docker"
              + " network, and drop 11434 at the firewall");

  /** Every remote check except the version checks, in documentation order. */
  public static final List<Check> ALL =
      List.of(
          UNAUTHENTICATED_API,
          INFERENCE_OPEN,
          MANAGEMENT_OPEN,
          CORS_WILDCARD,
          TLS,
          TLS_CERTIFICATE,
          VERSION_HIDDEN,
          KEY_ACCEPTED,
          ADMIN_REFUSED_TO_KEY,
          DIRECT_PORT_CLOSED);

  private RemoteChecks() {}
}
