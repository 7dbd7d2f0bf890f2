package dev.corral.audit.container;

import java.util.Locale;

/** Docker's memory sizes ({@code 512m}, {@code 16g}, {@code 1073741824}) and CPU counts. */
final class Sizes {
  private Sizes() {}

  /** Bytes, or throws IllegalArgumentException naming the value. */
  static long bytes(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    if (t.endsWith("b")) {
      t = t.substring(0, t.length() - 1);
    }
    if (t.endsWith("i")) {
      t = t.substring(0, t.length() - 1);
    }
    long unit = 1;
    char last = t.isEmpty() ? ' ' : t.charAt(t.length() - 1);
    switch (last) {
      case 'k' -> unit = 1L << 10;
      case 'm' -> unit = 1L << 20;
      case 'g' -> unit = 1L << 30;
      case 't' -> unit = 1L << 40;
      default -> {}
    }
    if (unit > 1) {
      t = t.substring(0, t.length() - 1);
    }
    try {
      return (long) (Double.parseDouble(t.strip()) * unit);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a memory size: '" + text + "' (e.g. 512m, 16g)", e);
    }
  }

  /** Billionths of a CPU from a CPU count such as {@code 2} or {@code 0.5}. */
  static long nanoCpus(String text) {
    try {
      return (long) (Double.parseDouble(text.strip()) * 1_000_000_000L);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a CPU count: '" + text + "' (e.g. 2, 0.5)", e);
    }
  }
}
