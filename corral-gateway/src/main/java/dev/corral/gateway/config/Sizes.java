package dev.corral.gateway.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads byte sizes as people write them in config files: {@code 32MiB}, {@code 16KiB}, {@code 1GB},
 * {@code 4096}. Binary units (KiB, MiB, GiB, TiB) are powers of 1024; decimal ones (kB, MB, GB, TB)
 * of 1000; a bare number is bytes.
 */
public final class Sizes {
  private static final Pattern SIZE =
      Pattern.compile("(\\d+)\\s*(b|kib|mib|gib|tib|kb|mb|gb|tb|k|m|g|t)?");

  private Sizes() {}

  /** Parses a size in bytes; throws IllegalArgumentException naming the text and the form. */
  public static long parse(String text) {
    String s = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    Matcher m = SIZE.matcher(s);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "invalid size '" + text + "': expected a number with a unit, e.g. 16KiB, 32MiB, 1GiB");
    }
    long unit =
        switch (m.group(2) == null ? "b" : m.group(2)) {
          case "kib", "k" -> 1L << 10;
          case "mib", "m" -> 1L << 20;
          case "gib", "g" -> 1L << 30;
          case "tib", "t" -> 1L << 40;
          case "kb" -> 1_000L;
          case "mb" -> 1_000_000L;
          case "gb" -> 1_000_000_000L;
          case "tb" -> 1_000_000_000_000L;
          default -> 1L;
        };
    try {
      return Math.multiplyExact(Long.parseLong(m.group(1)), unit);
    } catch (ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException("invalid size '" + text + "': too large", e);
    }
  }

  /** Short human form: {@code 32MiB}, {@code 16KiB}, {@code 100B}. */
  public static String format(long bytes) {
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
    int i = 0;
    long v = bytes;
    while (i < units.length - 1 && v != 0 && v % 1024 == 0) {
      v /= 1024;
      i++;
    }
    return v + units[i];
  }
}
