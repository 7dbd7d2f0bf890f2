package dev.corral.audit.remote;

import java.time.Duration;
import java.util.Optional;

/**
 * How to audit a running deployment from the outside.
 *
 * @param target the URL: Ollama itself, or the gateway or proxy in front of it
 * @param key a credential for the front, when it has one
 * @param basicAuth send the key as HTTP Basic ({@code user:password}) instead of a bearer token
 * @param adminKey the key is an admin key, so model management is expected to work with it
 * @param direct Ollama's own address behind the front, which should not be reachable from here
 * @param timeout connect and read timeout per request
 * @param declaredVersion the version the operator says runs behind the front, used when the
 *     deployment (rightly) hides it
 * @param caPem extra trusted certificate authorities (PEM) for {@code remote.tls-certificate}
 */
public record RemoteOptions(
    RemoteTarget target,
    Optional<String> key,
    boolean basicAuth,
    boolean adminKey,
    Optional<RemoteTarget> direct,
    Duration timeout,
    Optional<dev.corral.core.version.OllamaVersion> declaredVersion,
    Optional<String> caPem) {

  /** The Authorization header value for the key, or null without one. */
  String authorization() {
    if (key.isEmpty()) {
      return null;
    }
    if (basicAuth) {
      return "Basic "
          + java.util.Base64.getEncoder()
              .encodeToString(key.get().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    return "Bearer " + key.get();
  }
}
