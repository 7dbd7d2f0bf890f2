package dev.corral.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA-256 of keys under the server's pepper: what the store keeps instead of a key. A keyed
 * hash and not a slow password hash, because keys carry 256 random bits (nothing to guess) and the
 * gateway checks one on every request. Thread-safe: each thread keeps its own {@link Mac}.
 */
public final class KeyHasher {
  private static final String ALGORITHM = "HmacSHA256";
  private static final byte[] CHECK = "corral key pepper check v1".getBytes(StandardCharsets.UTF_8);

  private final SecretKeySpec pepper;
  private final ThreadLocal<Mac> macs;
  private final ThreadLocal<byte[]> buffers =
      ThreadLocal.withInitial(() -> new byte[ApiKeys.KEY_LENGTH]);

  /** A hasher for this pepper (at least 32 bytes). */
  public KeyHasher(byte[] pepper) {
    if (pepper.length < 32) {
      throw new IllegalArgumentException("the key pepper must have at least 32 bytes");
    }
    this.pepper = new SecretKeySpec(pepper.clone(), ALGORITHM);
    this.macs = ThreadLocal.withInitial(this::newMac);
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(pepper);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA-256 is not available", e);
    }
  }

  /** The 32-byte keyed hash of a key (its ASCII characters). */
  public byte[] hash(CharSequence key) {
    Mac mac = macs.get();
    int n = key.length();
    if (n > ApiKeys.KEY_LENGTH) {
      for (int i = 0; i < n; i++) {
        mac.update((byte) key.charAt(i));
      }
      return mac.doFinal();
    }
    // One update of a reused buffer: byte-by-byte updates cost more than the hash itself.
    byte[] buffer = buffers.get();
    for (int i = 0; i < n; i++) {
      buffer[i] = (byte) key.charAt(i);
    }
    mac.update(buffer, 0, n);
    java.util.Arrays.fill(buffer, 0, n, (byte) 0);
    return mac.doFinal();
  }

  /** The keyed hash of a key in lower-case hex, as the store keeps it. */
  public String hashHex(CharSequence key) {
    return HexFormat.of().formatHex(hash(key));
  }

  /**
   * A fingerprint of the pepper itself (a keyed hash of a fixed text), stored beside the keys so
   * that a gateway started with another pepper fails at once with a clear message instead of
   * refusing every key.
   */
  public String fingerprint() {
    return HexFormat.of().formatHex(macs.get().doFinal(CHECK));
  }

  /** Whether two hex fingerprints are equal, in constant time. */
  static boolean sameFingerprint(String a, String b) {
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
  }
}
