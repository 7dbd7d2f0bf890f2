package dev.corral.gateway.auth;

import dev.corral.store.ApiKeyRow;
import dev.corral.store.Store;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Makes, lists, revokes and rotates API keys in a store: what {@code corral keys} does. A running
 * gateway's {@link KeyRing} notices every change within its refresh interval.
 */
public final class KeyAdmin {
  private final Store store;
  private final Map<String, String> env;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  /** Keys in {@code store}, with the pepper from this process's environment or the store. */
  public KeyAdmin(Store store) {
    this(store, System.getenv(), Clock.systemUTC());
  }

  KeyAdmin(Store store, Map<String, String> env, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.env = Map.copyOf(env);
    this.clock = clock;
  }

  /** Makes a key. The returned key is shown once; the store keeps only its hash. */
  public IssuedKey create(KeySpec spec) {
    KeyHasher hasher = KeyPepper.hasher(store, env, true);
    Instant now = now();
    String key = ApiKeys.newKey(random);
    ApiKeyRow row =
        new ApiKeyRow(
            ApiKeys.newId(random),
            spec.name(),
            spec.role().id(),
            spec.models(),
            spec.requestsPerMinute(),
            spec.tokensPerDay(),
            hasher.hashHex(key),
            now,
            spec.lifetime() == null ? null : now.plus(spec.lifetime()),
            null,
            null);
    store.keys().insert(row);
    return new IssuedKey(key, row);
  }

  /** Every key, oldest first (never the keys themselves: the store has only their hashes). */
  public List<ApiKeyRow> list() {
    return store.keys().all();
  }

  /**
   * Revokes a key.
   *
   * @return false when it was already revoked
   * @throws KeyException when there is no such key
   */
  public boolean revoke(String id) {
    ApiKeyRow row = existing(id);
    return !row.revoked() && store.keys().revoke(id, now());
  }

  /**
   * Replaces a key by a new one with the same name, role, models and limits, and the same lifetime
   * counted from now; the old key is revoked in the same transaction.
   *
   * @throws KeyException when there is no such key or it is revoked
   */
  public IssuedKey rotate(String id) {
    ApiKeyRow old = existing(id);
    if (old.revoked()) {
      throw new KeyException("key " + id + " is revoked: it cannot be rotated (create a new one)");
    }
    KeyHasher hasher = KeyPepper.hasher(store, env, true);
    Instant now = now();
    String key = ApiKeys.newKey(random);
    Instant expires =
        old.expiresAt() == null
            ? null
            : now.plus(Duration.between(old.createdAt(), old.expiresAt()));
    ApiKeyRow row =
        new ApiKeyRow(
            ApiKeys.newId(random),
            old.name(),
            old.role(),
            old.models(),
            old.rpm(),
            old.tokensPerDay(),
            hasher.hashHex(key),
            now,
            expires,
            null,
            old.id());
    store.keys().rotate(old.id(), row, now);
    return new IssuedKey(key, row);
  }

  private ApiKeyRow existing(String id) {
    if (ApiKeys.containsKeyLike(id)) {
      // Never echo a key, even back to the terminal that typed it: terminals have scroll-back.
      throw new KeyException(
          "that is a key, not a key id: give its id (ck_..., see corral keys list)");
    }
    if (!ApiKeys.isId(id)) {
      throw new KeyException(
          "'" + id + "' is not a key id (ck_ and 12 characters, as corral keys list shows)");
    }
    return store
        .keys()
        .find(id)
        .orElseThrow(() -> new KeyException("no key " + id + " in " + store.location()));
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }
}
