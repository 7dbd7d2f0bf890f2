package dev.corral.gateway.auth;

import dev.corral.store.Store;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;

/**
 * Where the pepper of the key hashes comes from, so that every gateway and every {@code corral
 * keys} sharing one store agree on it:
 *
 * <ol>
 *   <li>the environment variable {@value #ENV}, when set (at least 32 characters): the pepper then
 *       never touches the database;
 *   <li>otherwise the store's {@code gateway_secret} row {@value #SECRET}, 32 random bytes created
 *       by the first gateway or {@code corral keys} that needs it.
 * </ol>
 *
 * A fingerprint of the pepper the keys were made with ({@value #CHECK}) is kept in the store too,
 * so that starting with a different pepper is an error that says so, not a gateway that refuses
 * every key. See docs/keys.md.
 */
public final class KeyPepper {
  /** The environment variable that holds a pepper kept outside the database. */
  public static final String ENV = "CORRAL_KEY_PEPPER";

  static final String SECRET = "key_pepper";
  static final String CHECK = "key_pepper_check";
  static final int MIN_LENGTH = 32;

  private KeyPepper() {}

  /**
   * The hasher for this store and environment.
   *
   * @param forNewKeys true when keys are about to be made with it: the pepper's fingerprint is then
   *     recorded if none is yet
   * @throws KeyException when {@value #ENV} is too short, or the pepper is not the one the stored
   *     keys were made with
   */
  public static KeyHasher hasher(Store store, Map<String, String> env, boolean forNewKeys) {
    String given = env.get(ENV);
    byte[] pepper;
    String source;
    if (given != null && !given.isEmpty()) {
      if (given.length() < MIN_LENGTH) {
        throw new KeyException(
            ENV
                + " is too short: give at least "
                + MIN_LENGTH
                + " characters (for instance the output of openssl rand -hex 32)");
      }
      pepper = given.getBytes(StandardCharsets.UTF_8);
      source = ENV;
    } else {
      byte[] fresh = new byte[32];
      new SecureRandom().nextBytes(fresh);
      String stored = store.keys().secret(SECRET, HexFormat.of().formatHex(fresh));
      try {
        pepper = HexFormat.of().parseHex(stored);
      } catch (IllegalArgumentException e) {
        throw new KeyException(
            "the key pepper stored in " + store.location() + " is damaged (not hex)", e);
      }
      source = "the pepper stored in " + store.location();
    }
    KeyHasher hasher = new KeyHasher(pepper);
    String fingerprint = hasher.fingerprint();
    String recorded =
        forNewKeys
            ? store.keys().secret(CHECK, fingerprint)
            : store.keys().secret(CHECK).orElse(fingerprint);
    if (!KeyHasher.sameFingerprint(recorded, fingerprint)) {
      throw new KeyException(
          "the keys in "
              + store.location()
              + " were made with another pepper than "
              + source
              + (source.equals(ENV)
                  ? ": set " + ENV + " as when they were made, or unset it"
                  : ": set " + ENV + " as when they were made"));
    }
    return hasher;
  }
}
