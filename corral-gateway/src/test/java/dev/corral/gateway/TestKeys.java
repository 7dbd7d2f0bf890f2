package dev.corral.gateway;

import dev.corral.gateway.auth.IssuedKey;
import dev.corral.gateway.auth.KeyAdmin;
import dev.corral.gateway.auth.KeyRing;
import dev.corral.gateway.auth.KeySpec;
import dev.corral.gateway.policy.Caller;
import dev.corral.gateway.policy.Role;
import dev.corral.store.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Real API keys for the data-path tests: three keys made with {@link KeyAdmin} in a fresh SQLite
 * store in a temporary directory, checked by a real {@link KeyRing} over that store.
 */
final class TestKeys implements AutoCloseable {
  final Path dir;
  final Store store;
  final KeyRing ring;

  /** A user key for every model. */
  final IssuedKey user;

  /** An admin key for every model. */
  final IssuedKey admin;

  /** A user key for llama3.2 only. */
  final IssuedKey limited;

  private TestKeys(Path dir) {
    this.dir = dir;
    store = Store.open(dir.resolve("keys.db").toString());
    KeyAdmin keys = new KeyAdmin(store);
    user = keys.create(new KeySpec("user", Role.USER, List.of("*"), 0, 0, null));
    admin = keys.create(new KeySpec("admin", Role.ADMIN, List.of("*"), 0, 0, null));
    limited = keys.create(new KeySpec("limited", Role.USER, List.of("llama3.2"), 0, 0, null));
    ring = KeyRing.open(store, KeyRing.DEFAULT_REFRESH);
  }

  /** Keys in a new temporary directory, removed by {@link #close()}. */
  static TestKeys create() {
    try {
      return new TestKeys(Files.createTempDirectory("corral-gateway-keys"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String bearer(IssuedKey key) {
    return "Authorization: Bearer " + key.key();
  }

  /** The caller of a key, as the limiter files it (by key id). */
  static Caller caller(IssuedKey key) {
    return new Caller(key.id(), key.row().name(), Role.USER, List.of("*"), 0, 0);
  }

  @Override
  public void close() {
    ring.close();
    store.close();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
