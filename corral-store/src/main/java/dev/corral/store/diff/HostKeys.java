package dev.corral.store.diff;

/**
 * Host keys in the order the store returns them: by Unicode code point, which is SQLite's BINARY
 * and PostgreSQL's "C" order of UTF-8 text. ({@link String#compareTo} compares UTF-16 units, which
 * differs above U+FFFF; host keys are ASCII in practice, but the merge must never disagree with the
 * database.)
 */
final class HostKeys {
  private HostKeys() {}

  static int compare(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int x = a.codePointAt(i);
      int y = b.codePointAt(j);
      if (x != y) {
        return Integer.compare(x, y);
      }
      i += Character.charCount(x);
      j += Character.charCount(y);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }
}
