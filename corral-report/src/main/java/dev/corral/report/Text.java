package dev.corral.report;

/** Text from scanned hosts and input files made safe to print. */
final class Text {
  private Text() {}

  /**
   * {@code value} with control characters (terminal escapes, line breaks, bidi overrides) replaced
   * by {@code ?}: a hostile server's model name or a damaged line must not rewrite the terminal.
   */
  static String printable(String value) {
    if (value == null) {
      return "";
    }
    StringBuilder out = null;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (unprintable(c)) {
        if (out == null) {
          out = new StringBuilder(value.length()).append(value, 0, i);
        }
        out.append('?');
      } else if (out != null) {
        out.append(c);
      }
    }
    return out == null ? value : out.toString();
  }

  private static boolean unprintable(char c) {
    return Character.isISOControl(c)
        || (c >= '\u202A' && c <= '\u202E')
        || (c >= '\u2066' && c <= '\u2069')
        || c == '\u200E'
        || c == '\u200F';
  }
}
