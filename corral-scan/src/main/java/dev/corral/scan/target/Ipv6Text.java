package dev.corral.scan.target;

import java.math.BigInteger;

/**
 * IPv6 addresses as unsigned 128-bit {@link BigInteger}s. Parsed by hand rather than with {@code
 * InetAddress}, which falls back to a DNS lookup for anything it does not recognise: nothing in
 * this package may touch the network. Formatted the RFC 5952 way (lower case, longest zero run as
 * {@code ::}), so the same address always prints the same.
 */
final class Ipv6Text {
  static final BigInteger MAX = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);
  private static final BigInteger LOW_32 = BigInteger.ONE.shiftLeft(32).subtract(BigInteger.ONE);

  private Ipv6Text() {}

  static BigInteger parse(String text) {
    if (text.indexOf('%') >= 0) {
      throw new SyntaxProblem(
          "'" + text + "': IPv6 zone ids (the part after %) are not supported; drop the zone");
    }
    String body = text;
    int[] v4Tail = null;
    int lastColon = body.lastIndexOf(':');
    if (lastColon >= 0 && body.indexOf('.', lastColon) >= 0) {
      long v4 = Ipv4Text.parse(body.substring(lastColon + 1));
      v4Tail = new int[] {(int) (v4 >>> 16), (int) (v4 & 0xFFFF)};
      // Keep the colon so "::1.2.3.4" still reads as "::" followed by the tail.
      body = body.substring(0, lastColon + 1) + "0:0";
    }
    int doubleColon = body.indexOf("::");
    if (doubleColon >= 0 && body.indexOf("::", doubleColon + 1) >= 0) {
      throw new SyntaxProblem("'" + text + "' is not an IPv6 address: '::' may appear only once");
    }
    int[] groups = new int[8];
    if (doubleColon < 0) {
      int[] all = groups(body, text);
      if (all.length != 8) {
        throw new SyntaxProblem(
            "'"
                + text
                + "' is not an IPv6 address: expected 8 groups or '::', found "
                + all.length);
      }
      groups = all;
    } else {
      int[] head = groups(body.substring(0, doubleColon), text);
      int[] tail = groups(body.substring(doubleColon + 2), text);
      if (head.length + tail.length > 7) {
        throw new SyntaxProblem("'" + text + "' is not an IPv6 address: too many groups");
      }
      System.arraycopy(head, 0, groups, 0, head.length);
      System.arraycopy(tail, 0, groups, 8 - tail.length, tail.length);
    }
    if (v4Tail != null) {
      groups[6] = v4Tail[0];
      groups[7] = v4Tail[1];
    }
    BigInteger value = BigInteger.ZERO;
    for (int group : groups) {
      value = value.shiftLeft(16).or(BigInteger.valueOf(group));
    }
    return value;
  }

  private static int[] groups(String part, String text) {
    if (part.isEmpty()) {
      return new int[0];
    }
    String[] pieces = part.split(":", -1);
    int[] values = new int[pieces.length];
    for (int i = 0; i < pieces.length; i++) {
      String piece = pieces[i];
      if (piece.isEmpty() || piece.length() > 4 || !isHex(piece)) {
        throw new SyntaxProblem(
            "'"
                + text
                + "' is not an IPv6 address: '"
                + piece
                + "' is not a group of 1 to 4 hex digits");
      }
      values[i] = Integer.parseInt(piece, 16);
    }
    return values;
  }

  private static boolean isHex(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.digit(s.charAt(i), 16) < 0) {
        return false;
      }
    }
    return true;
  }

  static String format(BigInteger address) {
    if (address.shiftRight(32).equals(BigInteger.valueOf(0xFFFF))) {
      // IPv4-mapped: RFC 5952 section 5 prefers the dotted tail.
      return "::ffff:" + Ipv4Text.format(address.and(LOW_32).longValueExact());
    }
    int[] groups = new int[8];
    for (int i = 7; i >= 0; i--) {
      groups[i] = address.intValue() & 0xFFFF;
      address = address.shiftRight(16);
    }
    int bestStart = -1;
    int bestLength = 1; // a single zero group is not shortened
    for (int i = 0; i < 8; ) {
      if (groups[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        out.append("::");
        i += bestLength - 1;
        continue;
      }
      if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
        out.append(':');
      }
      out.append(Integer.toHexString(groups[i]));
    }
    return out.toString();
  }
}
