package dev.corral.gateway.policy;

import java.util.List;

/**
 * What an operator configures about the policy (the {@code policy:} section of the gateway's YAML).
 * Everything defaults to the strictest setting.
 *
 * @param registries registries pull and push may name, e.g. {@code registry.ollama.ai}; default
 *     that one alone
 * @param origins browser Origins allowed (exact {@code scheme://host[:port]}); empty = every
 *     request with an Origin header is refused, {@code null} included
 * @param hosts Host header values allowed; empty = not checked
 * @param allowCloudRoutes whether web-search and cloud routes are forwarded
 * @param maxJsonBody bytes a JSON body may have
 * @param maxBlobBody bytes a blob upload may have
 */
public record PolicySettings(
    List<String> registries,
    List<String> origins,
    List<String> hosts,
    boolean allowCloudRoutes,
    long maxJsonBody,
    long maxBlobBody) {

  public static final long DEFAULT_MAX_JSON_BODY = 32L << 20;
  public static final long DEFAULT_MAX_BLOB_BODY = 256L << 30;

  public PolicySettings {
    registries = List.copyOf(registries);
    origins = List.copyOf(origins);
    hosts = List.copyOf(hosts);
  }

  public static PolicySettings defaults() {
    return new PolicySettings(
        List.of("registry.ollama.ai"),
        List.of(),
        List.of(),
        false,
        DEFAULT_MAX_JSON_BODY,
        DEFAULT_MAX_BLOB_BODY);
  }
}
