package dev.corral.lab.wire;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The {@code Date} header value in Go's {@code http.TimeFormat} (two-digit day, always GMT). */
public final class GoDate {
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
          .withZone(ZoneOffset.UTC);

  private GoDate() {}

  public static String now(Clock clock) {
    return FORMAT.format(clock.instant());
  }
}
