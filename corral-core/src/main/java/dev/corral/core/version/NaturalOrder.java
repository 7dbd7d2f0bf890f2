package dev.corral.core.version;

/**
 * Compares pre-release identifiers so that runs of digits compare as numbers: {@code rc2 < rc10},
 * {@code 2 < 10}, and (as semver demands) purely numeric identifiers sort before alphanumeric ones.
 * Advisory ids use it too, so that {@code CVE-2024-8063} sorts before {@code CVE-2024-12055}.
 */
public final class NaturalOrder {
  private NaturalOrder() {}

  public static int compare(String a, String b) {
    boolean aNumeric = isNumeric(a);
    boolean bNumeric = isNumeric(b);
    if (aNumeric != bNumeric) {
      return aNumeric ? -1 : 1;
    }
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      char ca = a.charAt(i);
      char cb = b.charAt(j);
      if (Character.isDigit(ca) && Character.isDigit(cb)) {
        int endA = digitsEnd(a, i);
        int endB = digitsEnd(b, j);
        int c = compareDigits(a.substring(i, endA), b.substring(j, endB));
        if (c != 0) {
          return c;
        }
        i = endA;
        j = endB;
      } else {
        if (ca != cb) {
          return Character.compare(ca, cb);
        }
        i++;
        j++;
      }
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  private static boolean isNumeric(String s) {
    return !s.isEmpty() && s.chars().allMatch(Character::isDigit);
  }

  private static int digitsEnd(String s, int from) {
    int end = from;
    while (end < s.length() && Character.isDigit(s.charAt(end))) {
      end++;
    }
    return end;
  }

  private static int compareDigits(String a, String b) {
    String x = stripLeadingZeros(a);
    String y = stripLeadingZeros(b);
    int c = Integer.compare(x.length(), y.length());
    return c != 0 ? c : x.compareTo(y);
  }

  private static String stripLeadingZeros(String s) {
    int k = 0;
    while (k < s.length() - 1 && s.charAt(k) == '0') {
      k++;
    }
    return s.substring(k);
  }
}
