package dev.corral.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One API key of the gateway as the store keeps it: its settings and the keyed hash of the key,
 * never the key itself.
 *
 * @param id the public id ({@code ck_...}) shown by {@code corral keys list} and in the audit log
 * @param name the human name given at creation
 * @param role {@code user} or {@code admin}
 * @param models the model globs the key may use (never empty; {@code *} = any)
 * @param rpm requests per minute, 0 = no limit
 * @param tokensPerDay tokens per UTC day, 0 = no quota
 * @param keyHash HMAC-SHA-256 of the key under the server's pepper, 64 lower-case hex digits
 * @param createdAt when it was made
 * @param expiresAt when it stops working, or null for never
 * @param revokedAt when it was revoked, or null while it is not
 * @param rotatedFrom the id of the key this one replaced, or null
 */
public record ApiKeyRow(
    String id,
    String name,
    String role,
    List<String> models,
    int rpm,
    long tokensPerDay,
    String keyHash,
    Instant createdAt,
    Instant expiresAt,
    Instant revokedAt,
    String rotatedFrom) {

  public ApiKeyRow {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(keyHash, "keyHash");
    Objects.requireNonNull(createdAt, "createdAt");
    models = List.copyOf(models);
    for (String glob : models) {
      if (glob.isEmpty() || glob.indexOf(',') >= 0) {
        throw new IllegalArgumentException("a model glob is not empty and has no comma: " + glob);
      }
    }
    if (rpm < 0 || tokensPerDay < 0) {
      throw new IllegalArgumentException("rpm and tokensPerDay are not negative");
    }
  }

  /** Whether the key has been revoked. */
  public boolean revoked() {
    return revokedAt != null;
  }

  /** Whether the key has expired at {@code now}. */
  public boolean expiredAt(Instant now) {
    return expiresAt != null && !now.isBefore(expiresAt);
  }

  /** The same key, revoked at {@code at}. */
  public ApiKeyRow revokedAt(Instant at) {
    return new ApiKeyRow(
        id, name, role, models, rpm, tokensPerDay, keyHash, createdAt, expiresAt, at, rotatedFrom);
  }
}
