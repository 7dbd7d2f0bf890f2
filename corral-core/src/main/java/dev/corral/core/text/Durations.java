package dev.corral.core.text;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads durations the way users write them on command lines and in config files: {@code 5s}, {@code
 * 250ms}, {@code 1m30s}, {@code 2h}, or {@code 0}. The units are Go's ({@code ns us ms s m h}),
 * since Ollama users already know them from {@code OLLAMA_KEEP_ALIVE}.
 */
public final class Durations {
  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

  private Durations() {}

  /** Parses a duration; throws IllegalArgumentException naming the text and the form. */
  public static Duration parse(String text) {
    String s = text == null ? "" : text.strip();
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = PART.matcher(s);
    long nanos = 0;
    int at = 0;
    while (m.find()) {
      if (m.start() != at) {
        break;
      }
      double amount = Double.parseDouble(m.group(1));
      long unit =
          switch (m.group(2)) {
            case "ns" -> 1L;
            case "us", "µs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            default -> 3_600_000_000_000L;
          };
      nanos = Math.addExact(nanos, (long) (amount * unit));
      at = m.end();
    }
    if (s.isEmpty() || at != s.length()) {
      throw new IllegalArgumentException(
          "invalid duration '" + text + "': expected a number with a unit, e.g. 5s, 250ms, 1m30s");
    }
    return Duration.ofNanos(nanos);
  }

  /** Short human form: {@code 20ms}, {@code 5s}, {@code 1m30s}. */
  public static String format(Duration d) {
    long nanos = d.toNanos();
    if (nanos == 0) {
      return "0s";
    }
    if (nanos % 1_000_000_000L != 0) {
      return nanos % 1_000_000L == 0 ? nanos / 1_000_000L + "ms" : nanos + "ns";
    }
    long seconds = d.toSeconds();
    StringBuilder out = new StringBuilder();
    if (seconds >= 3600) {
      out.append(seconds / 3600).append('h');
      seconds %= 3600;
    }
    if (seconds >= 60) {
      out.append(seconds / 60).append('m');
      seconds %= 60;
    }
    if (seconds > 0) {
      out.append(seconds).append('s');
    }
    return out.toString();
  }
}
