package dev.corral.scan.target;

/**
 * Dotted-quad IPv4 addresses as unsigned 32-bit values in a {@code long}. Strict on purpose: four
 * decimal numbers, no leading zeros (some tools read {@code 010} as octal 8, others as 10, so we
 * refuse to guess), no shorthand like {@code 10.1}.
 */
final class Ipv4Text {
  static final long MAX = 0xFFFF_FFFFL;

  private Ipv4Text() {}

  /** True when the text is made of digits and dots only: it can only be meant as an address. */
  static boolean looksLikeAddress(String text) {
    if (text.isEmpty()) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != '.' && (c < '0' || c > '9')) {
        return false;
      }
    }
    return true;
  }

  static boolean isAddress(String text) {
    if (!looksLikeAddress(text)) {
      return false;
    }
    try {
      parse(text);
      return true;
    } catch (SyntaxProblem e) {
      return false;
    }
  }

  static long parse(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      throw new SyntaxProblem(
          "'" + text + "' is not an IPv4 address: expected four numbers separated by dots");
    }
    long value = 0;
    for (String part : parts) {
      value = (value << 8) | octet(part, text);
    }
    return value;
  }

  private static int octet(String part, String text) {
    if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
      throw new SyntaxProblem(
          "'" + text + "' is not an IPv4 address: '" + part + "' is not a number from 0 to 255");
    }
    if (part.length() > 1 && part.charAt(0) == '0') {
      throw new SyntaxProblem(
          "'"
              + text
              + "' is not an IPv4 address: '"
              + part
              + "' has a leading zero (octal or decimal? write it without the zero)");
    }
    int value = Integer.parseInt(part);
    if (value > 255) {
      throw new SyntaxProblem(
          "'" + text + "' is not an IPv4 address: " + value + " is out of range (0-255)");
    }
    return value;
  }

  static String format(long address) {
    return ((address >>> 24) & 0xFF)
        + "."
        + ((address >>> 16) & 0xFF)
        + "."
        + ((address >>> 8) & 0xFF)
        + "."
        + (address & 0xFF);
  }
}
