package dev.corral.lab.ollama;

import dev.corral.core.gojson.GoNumber;
import dev.corral.core.text.Durations;
import java.time.Duration;

/** {@code api.Duration}: {@code keep_alive} as seconds or as a Go duration string. */
final class KeepAlive {
  private KeepAlive() {}

  /** The requested keep-alive, or the default; negative means "keep loaded forever". */
  static Duration of(Object value) {
    if (value instanceof GoNumber n) {
      double seconds = n.doubleValue();
      return seconds < 0 ? Duration.ofSeconds(-1) : Duration.ofNanos((long) (seconds * 1e9));
    }
    if (value instanceof String s && !s.isBlank()) {
      boolean negative = s.strip().startsWith("-");
      try {
        Duration d = Durations.parse(negative ? s.strip().substring(1) : s);
        return negative ? d.negated() : d;
      } catch (IllegalArgumentException e) {
        return ServerState.DEFAULT_KEEP_ALIVE;
      }
    }
    return ServerState.DEFAULT_KEEP_ALIVE;
  }
}
