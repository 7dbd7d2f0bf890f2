package dev.corral.core.text;

/**
 * Strict UTF-8 (RFC 3629) for readers that walk raw bytes: no overlong forms, no surrogates,
 * nothing above U+10FFFF. The JSON reader that mimics Go turns a bad sequence into U+FFFD and the
 * gateway's strict JSON check refuses it; both decide with this one rule.
 */
public final class Utf8 {
  private Utf8() {}

  /**
   * The code point of the multi-byte sequence that starts at {@code in[i]} (a byte of 0x80 or
   * more), or -1 when it is not a well-formed one: a lead byte that cannot start one, a
   * continuation byte missing or cut off by the end, an overlong form, a surrogate or a value above
   * U+10FFFF.
   */
  public static int decodeMultiByte(byte[] in, int i) {
    int b0 = in[i] & 0xff;
    int need;
    int min;
    int cp;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
      need = 1;
      min = 0x80;
      cp = b0 & 0x1F;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
      need = 2;
      min = 0x800;
      cp = b0 & 0x0F;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
      need = 3;
      min = 0x10000;
      cp = b0 & 0x07;
    } else {
      return -1;
    }
    for (int k = 1; k <= need; k++) {
      if (i + k >= in.length || (in[i + k] & 0xC0) != 0x80) {
        return -1;
      }
      cp = (cp << 6) | (in[i + k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return -1;
    }
    return cp;
  }

  /** How many bytes a code point takes in UTF-8. */
  public static int length(int codePoint) {
    if (codePoint < 0x80) {
      return 1;
    }
    if (codePoint < 0x800) {
      return 2;
    }
    return codePoint < 0x10000 ? 3 : 4;
  }
}
