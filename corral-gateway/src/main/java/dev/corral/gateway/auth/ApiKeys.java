package dev.corral.gateway.auth;

import java.security.SecureRandom;

/**
 * The shape of corral's API keys and key ids.
 *
 * <p>A key is {@code corral_} followed by 52 characters that encode 32 bytes from {@link
 * SecureRandom} (256 bits) in lower-case Crockford base32 ({@code 0-9 a-z} without {@code i l o
 * u}), so no two characters look alike and the prefix makes a leaked key easy to recognise and grep
 * for. A key id is {@code ck_} followed by 12 characters of the same alphabet (60 bits): the public
 * name of a key in listings and the audit log, unrelated to the key's secret part.
 *
 * <p>Every check here is total: null, empty, huge or binary input gives false, never an exception.
 */
public final class ApiKeys {
  /** What every key starts with. */
  public static final String KEY_PREFIX = "corral_";

  /** What every key id starts with. */
  public static final String ID_PREFIX = "ck_";

  static final String ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
  static final int KEY_BYTES = 32;
  static final int KEY_BODY = (KEY_BYTES * 8 + 4) / 5;
  static final int ID_BODY = 12;

  /** The length of every key. */
  public static final int KEY_LENGTH = KEY_PREFIX.length() + KEY_BODY;

  /** The length of every key id. */
  public static final int ID_LENGTH = ID_PREFIX.length() + ID_BODY;

  /** Characters of the key alphabet after the prefix that make a text look like a key. */
  private static final int KEY_LIKE_RUN = 16;

  private static final byte[] VALUE = new byte[128];

  static {
    java.util.Arrays.fill(VALUE, (byte) -1);
    for (int i = 0; i < ALPHABET.length(); i++) {
      VALUE[ALPHABET.charAt(i)] = (byte) i;
    }
  }

  private ApiKeys() {}

  /** A new key, 256 bits from {@code random}. */
  public static String newKey(SecureRandom random) {
    byte[] bytes = new byte[KEY_BYTES];
    random.nextBytes(bytes);
    StringBuilder key = new StringBuilder(KEY_LENGTH).append(KEY_PREFIX);
    int buffer = 0;
    int bits = 0;
    for (byte b : bytes) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        key.append(ALPHABET.charAt((buffer >>> (bits - 5)) & 31));
        bits -= 5;
      }
    }
    // 256 is not a multiple of 5: the last character carries the last bit and four zero bits.
    key.append(ALPHABET.charAt((buffer << (5 - bits)) & 31));
    java.util.Arrays.fill(bytes, (byte) 0);
    return key.toString();
  }

  /** A new key id. */
  public static String newId(SecureRandom random) {
    StringBuilder id = new StringBuilder(ID_LENGTH).append(ID_PREFIX);
    for (int i = 0; i < ID_BODY; i++) {
      id.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return id.toString();
  }

  /**
   * Whether {@code text} is exactly a key as {@link #newKey} makes them: the prefix, 52 characters
   * of the alphabet, and a last character whose padding bits are zero. Anything else is refused
   * before it is hashed.
   */
  public static boolean isKey(CharSequence text) {
    if (text == null || text.length() != KEY_LENGTH || !startsWith(text, KEY_PREFIX, 0)) {
      return false;
    }
    int last = -1;
    for (int i = KEY_PREFIX.length(); i < KEY_LENGTH; i++) {
      last = value(text.charAt(i));
      if (last < 0) {
        return false;
      }
    }
    return (last & 0x0f) == 0;
  }

  /** Whether {@code text} is a key id: {@code ck_} and 12 characters of the alphabet. */
  public static boolean isId(CharSequence text) {
    if (text == null || text.length() != ID_LENGTH || !startsWith(text, ID_PREFIX, 0)) {
      return false;
    }
    for (int i = ID_PREFIX.length(); i < ID_LENGTH; i++) {
      if (value(text.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether {@code text} holds something that looks like a key anywhere, in any letter case: the
   * prefix followed by at least 16 characters of the alphabet. Used to refuse keys sent where they
   * would be logged (query strings), so it errs on the side of finding one.
   */
  public static boolean containsKeyLike(CharSequence text) {
    if (text == null) {
      return false;
    }
    int n = text.length();
    // A match is the prefix and a run of alphabet characters: shorter texts (most model names) are
    // done here.
    for (int at = 0; at + KEY_PREFIX.length() + KEY_LIKE_RUN <= n; at++) {
      if (startsWithIgnoreCase(text, KEY_PREFIX, at)) {
        int run = 0;
        for (int i = at + KEY_PREFIX.length(); i < n && value(lower(text.charAt(i))) >= 0; i++) {
          run++;
        }
        if (run >= KEY_LIKE_RUN) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Whether {@code text} holds something key-like as sent or once percent-decoded: for refusing
   * keys in URLs and keeping them out of logs ({@code corral%5F...} is a key too).
   */
  public static boolean mayHoldKey(CharSequence text) {
    if (text == null) {
      return false;
    }
    if (containsKeyLike(text)) {
      return true;
    }
    String s = text.toString();
    return s.indexOf('%') >= 0 && containsKeyLike(QueryCredentials.decode(s));
  }

  private static int value(char c) {
    return c < 128 ? VALUE[c] : -1;
  }

  private static char lower(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
  }

  private static boolean startsWith(CharSequence text, String prefix, int at) {
    for (int i = 0; i < prefix.length(); i++) {
      if (text.charAt(at + i) != prefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static boolean startsWithIgnoreCase(CharSequence text, String prefix, int at) {
    for (int i = 0; i < prefix.length(); i++) {
      if (lower(text.charAt(at + i)) != prefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
