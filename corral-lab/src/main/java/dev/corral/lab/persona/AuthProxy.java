package dev.corral.lab.persona;

import java.util.Objects;

/**
 * An authenticating reverse proxy emulated in front of the Ollama persona (nginx with basic auth or
 * a bearer-token check), so scanners can practise telling "open" from "fenced".
 *
 * @param scheme {@code basic} or {@code bearer}
 * @param credential {@code user:password} for basic, the token for bearer
 * @param server the {@code Server} header the proxy adds to every answer
 */
public record AuthProxy(String scheme, String credential, String server) {
  public AuthProxy {
    Objects.requireNonNull(scheme, "scheme");
    Objects.requireNonNull(credential, "credential");
    if (!scheme.equals("basic") && !scheme.equals("bearer")) {
      throw new IllegalArgumentException(
          "auth_proxy.scheme must be 'basic' or 'bearer', not '" + scheme + "'");
    }
    if (scheme.equals("basic") && !credential.contains(":")) {
      throw new IllegalArgumentException("auth_proxy.credential for basic must be user:password");
    }
    if (server == null || server.isBlank()) {
      server = "nginx/1.24.0 (Ubuntu)";
    }
  }
}
