package dev.corral.gateway.auth;

/**
 * The last key one client connection presented and its keyed hash, so that the next request on the
 * connection with the same key skips the HMAC (about a microsecond, a few per cent of the gateway's
 * CPU per small request). Only the hash is remembered, never a verdict: the key's entry is looked
 * up again on every request, so a revocation or an expiry applies at once.
 *
 * <p>One memo belongs to one connection and its event loop; it is not thread-safe. A presented key
 * is compared with the remembered one in constant time (for keys of one length, and every valid key
 * has the same length), so the time a request takes does not tell how much of a guess matches the
 * key the connection used before.
 */
public final class KeyMemo {
  private String key;
  private byte[] hash;

  /** The hash remembered for {@code presented}, or null when it is not the remembered key. */
  byte[] hashOf(String presented) {
    String known = key;
    return known != null && sameChars(known, presented) ? hash : null;
  }

  void remember(String presented, byte[] keyHash) {
    key = presented;
    hash = keyHash;
  }

  /** Whether two strings are equal, looking at every character whatever the first mismatch. */
  static boolean sameChars(String a, String b) {
    int n = a.length();
    if (n != b.length()) {
      return false;
    }
    int diff = 0;
    for (int i = 0; i < n; i++) {
      diff |= a.charAt(i) ^ b.charAt(i);
    }
    return diff == 0;
  }
}
