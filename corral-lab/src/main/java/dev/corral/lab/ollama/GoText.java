package dev.corral.lab.ollama;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** Go's text conventions the emulator needs: {@code %q} quoting and RFC3339Nano times. */
final class GoText {
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

  private GoText() {}

  /** {@code strconv.Quote} for the printable names Ollama quotes in errors. */
  static String quote(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        case '\r' -> out.append("\\r");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            out.append(String.format("\\x%02x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  /**
   * {@code time.RFC3339Nano}: fractional seconds without trailing zeros (none at all when zero),
   * {@code Z} for UTC, otherwise {@code ±hh:mm}.
   */
  static String rfc3339Nano(Instant instant, ZoneId zone) {
    ZonedDateTime t = instant.atZone(zone);
    StringBuilder out = new StringBuilder(SECONDS.format(t));
    int nanos = t.getNano();
    if (nanos != 0) {
      String fraction = String.format("%09d", nanos);
      int end = fraction.length();
      while (fraction.charAt(end - 1) == '0') {
        end--;
      }
      out.append('.').append(fraction, 0, end);
    }
    int offset = t.getOffset().getTotalSeconds();
    if (offset == 0) {
      out.append('Z');
    } else {
      int abs = Math.abs(offset);
      out.append(offset < 0 ? '-' : '+')
          .append(String.format("%02d:%02d", abs / 3600, (abs / 60) % 60));
    }
    return out.toString();
  }

  /** Go's zero {@code time.Time} as JSON shows it. */
  static final String ZERO_TIME = "0001-01-01T00:00:00Z";
}
