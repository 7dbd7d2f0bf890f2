package dev.corral.gateway.policy;

import java.util.List;
import java.util.Objects;

/**
 * An authenticated API key, as the policy and the limiter see it. Never holds the key itself.
 *
 * @param keyId the key's public id (what the audit log and {@code corral keys} show)
 * @param name the human name given at creation
 * @param role what the key may do
 * @param modelGlobs the models the key may use, as globs over canonical names ({@code *} = any);
 *     empty means none
 * @param requestsPerMinute 0 = no per-key rate limit
 * @param tokensPerDay 0 = no daily token quota
 */
public record Caller(
    String keyId,
    String name,
    Role role,
    List<String> modelGlobs,
    int requestsPerMinute,
    long tokensPerDay) {

  public Caller {
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(role, "role");
    modelGlobs = List.copyOf(modelGlobs);
  }
}
