package dev.corral.scan.source.api;

import java.util.Locale;

/** Wording shared by the clients' messages. */
final class Text {
  private static final int LONGEST = 200;

  private Text() {}

  /** {@code 1,234}. */
  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** {@code 1 page}, {@code 13 pages}. */
  static String count(long n, String singular, String plural) {
    return count(n) + " " + (n == 1 ? singular : plural);
  }

  /** A query as the user wrote it, quoted and cut short when long. */
  static String quoted(String query) {
    String line = oneLine(query);
    return "'" + (line.length() > 80 ? line.substring(0, 79) + "…" : line) + "'";
  }

  /** Server text made safe for a one-line message: no line breaks, no control characters, short. */
  static String oneLine(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    boolean space = false;
    for (int i = 0; i < text.length() && out.length() < LONGEST; i++) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c) || Character.isISOControl(c)) {
        space = out.length() > 0;
        continue;
      }
      if (space) {
        out.append(' ');
        space = false;
      }
      out.append(c);
    }
    return out.length() >= LONGEST ? out + "…" : out.toString();
  }
}
