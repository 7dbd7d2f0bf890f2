package dev.corral.scan.target;

import java.util.Locale;

/**
 * DNS host names, checked for shape only (RFC 1123 labels; underscores allowed because internal
 * names have them). Never resolved here.
 */
final class HostNameText {
  private HostNameText() {}

  /** The name in lower case without a trailing dot, or a problem saying what is wrong. */
  static String check(String text) {
    String name = text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    if (name.isEmpty()) {
      throw new SyntaxProblem("empty host name");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c > 127) {
        throw new SyntaxProblem(
            "'" + text + "': non-ASCII host names are not supported; use the xn-- (punycode) form");
      }
      if (!(Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.')) {
        throw new SyntaxProblem(
            "'"
                + text
                + "' is not an IP address, CIDR, range, host name or URL ('"
                + c
                + "' cannot appear in a host name)");
      }
    }
    if (name.length() > 253) {
      throw new SyntaxProblem("host name '" + text + "' is longer than 253 characters");
    }
    String[] labels = name.split("\\.", -1);
    int numeric = 0;
    for (String label : labels) {
      if (label.isEmpty()) {
        throw new SyntaxProblem("host name '" + text + "' has an empty label ('..')");
      }
      if (label.length() > 63) {
        throw new SyntaxProblem("host name '" + text + "' has a label longer than 63 characters");
      }
      if (label.startsWith("-") || label.endsWith("-")) {
        throw new SyntaxProblem(
            "host name '" + text + "': label '" + label + "' starts or ends with '-'");
      }
      if (label.chars().allMatch(Character::isDigit)) {
        numeric++;
      }
    }
    if (labels.length == 4 && numeric >= 3) {
      // 10.0.0.x or 10.0.0.1a: a mistyped address, not a name worth resolving.
      throw new SyntaxProblem(
          "'" + text + "' is not an IPv4 address: expected four numbers from 0 to 255");
    }
    if (labels[labels.length - 1].chars().allMatch(Character::isDigit)) {
      throw new SyntaxProblem(
          "'" + text + "' is not a host name (its last label is a number) nor an IPv4 address");
    }
    return name.toLowerCase(Locale.ROOT);
  }
}
