package dev.corral.report;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Markdown building blocks. Model names, organisations and versions come from the servers scanned,
 * so anyone can choose them: every such value goes into a code span, where GitHub renders no links,
 * mentions, images or HTML, with pipes escaped so it cannot break out of its table cell.
 */
final class Md {
  /** Text that renders as itself outside a code span. */
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 .,:/()=_+-]*");

  private static final DateTimeFormatter MINUTE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private Md() {}

  /** {@code value} as an inline code span, safe in a table cell; {@code —} when absent. */
  static String code(String value) {
    if (value == null || value.isEmpty()) {
      return "—";
    }
    String text = Text.printable(value).replace("|", "\\|");
    int longest = 0;
    int run = 0;
    for (int i = 0; i < text.length(); i++) {
      run = text.charAt(i) == '`' ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    String fence = "`".repeat(longest + 1);
    boolean pad = text.startsWith("`") || text.endsWith("`") || text.isBlank();
    return pad ? fence + " " + text + " " + fence : fence + text + fence;
  }

  /**
   * Trusted text (advisory titles, the input's name): printed as is when it is plain words,
   * otherwise escaped so that it stays one cell of text.
   */
  static String text(String value) {
    if (value == null || value.isEmpty()) {
      return "—";
    }
    String printable = Text.printable(value);
    if (PLAIN.matcher(printable).matches()) {
      return printable;
    }
    StringBuilder out = new StringBuilder(printable.length() + 8);
    for (int i = 0; i < printable.length(); i++) {
      char c = printable.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '\\', '`', '*', '_', '[', ']', '|', '#', '!', '@', '~' -> out.append('\\').append(c);
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** {@code 1,139}. */
  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** {@code 36.6%}. */
  static String percent(BigDecimal p) {
    return p.toPlainString() + "%";
  }

  /** {@code 2026-11-27 10:15 UTC}. */
  static String minute(Instant t) {
    return MINUTE.format(t);
  }

  /**
   * A GitHub table: a header row, then rows. Columns whose header ends in {@code >} are
   * right-aligned (the {@code >} is dropped).
   */
  static void table(StringBuilder out, List<String> headers, List<List<String>> rows) {
    StringBuilder header = new StringBuilder("|");
    StringBuilder rule = new StringBuilder("|");
    for (String h : headers) {
      boolean right = h.endsWith(">");
      header.append(' ').append(right ? h.substring(0, h.length() - 1) : h).append(" |");
      rule.append(right ? "---:|" : "---|");
    }
    out.append(header).append('\n').append(rule).append('\n');
    for (List<String> row : rows) {
      out.append('|');
      for (String cell : row) {
        out.append(' ').append(cell).append(" |");
      }
      out.append('\n');
    }
    out.append('\n');
  }
}
