package dev.corral.store;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * How SQLite stores an instant: text {@code uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'} (UTC, microseconds),
 * fixed width so that text order is time order and {@link Instant#parse} reads it back.
 */
final class SqliteTime {
  private static final DateTimeFormatter TEXT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  /** The length of every instant written by hand: {@code 2026-11-27T21:00:00.123456Z}. */
  private static final int LENGTH = 27;

  private SqliteTime() {}

  /**
   * The instant as stored. Written by hand because the gateway's audit writer stores a row per
   * request and DateTimeFormatter took a tenth of that thread's time; years outside 0000-9999
   * (which the pattern would sign or widen) take the formatter.
   */
  static String format(Instant instant) {
    LocalDateTime t =
        LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), ZoneOffset.UTC);
    int year = t.getYear();
    if (year < 0 || year > 9999) {
      return TEXT.format(instant);
    }
    char[] c = new char[LENGTH];
    digits(c, 0, year, 4);
    c[4] = '-';
    digits(c, 5, t.getMonthValue(), 2);
    c[7] = '-';
    digits(c, 8, t.getDayOfMonth(), 2);
    c[10] = 'T';
    digits(c, 11, t.getHour(), 2);
    c[13] = ':';
    digits(c, 14, t.getMinute(), 2);
    c[16] = ':';
    digits(c, 17, t.getSecond(), 2);
    c[19] = '.';
    digits(c, 20, t.getNano() / 1000, 6);
    c[26] = 'Z';
    return new String(c);
  }

  /**
   * Formats instants for one writer, reusing the text of the last second it formatted: the rows of
   * an audit batch nearly all fall in the same second, and then only the six fraction digits
   * change. Same text as {@link #format}. Not safe for use by several threads.
   */
  static final class Recent {
    private final char[] text = new char[LENGTH];
    private long second;
    private boolean known;

    String format(Instant instant) {
      long s = instant.getEpochSecond();
      if (!known || s != second) {
        String whole = SqliteTime.format(instant);
        // Years outside 0000-9999 have another width: those are never reused.
        known = whole.length() == LENGTH;
        if (known) {
          whole.getChars(0, LENGTH, text, 0);
          second = s;
        }
        return whole;
      }
      digits(text, 20, instant.getNano() / 1000, 6);
      return new String(text);
    }
  }

  /** For tests: the formatter the hand-written path must agree with. */
  static String formatSlowly(Instant instant) {
    return TEXT.format(instant);
  }

  private static void digits(char[] out, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      out[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }
}
