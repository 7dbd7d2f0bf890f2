package dev.corral.gateway.audit;

import dev.corral.gateway.auth.ApiKeys;

/**
 * The last few texts found free of anything key-shaped, so that the audit writer does not scan the
 * same route pattern or model name again for every event: under load nearly every event repeats one
 * of a handful. {@link ApiKeys#mayHoldKey} depends on the characters alone, so a text equal to one
 * remembered has the same answer; any other text is scanned. A text that may hold a key is never
 * remembered. Not safe for use by several threads: one per writer.
 */
final class KeyFreeTexts {
  private static final int SIZE = 8;

  private final String[] recent = new String[SIZE];
  private int next;

  /** What {@link ApiKeys#mayHoldKey} says of {@code text}. */
  boolean mayHoldKey(String text) {
    if (text == null) {
      return false;
    }
    for (String known : recent) {
      // Usually the same instance (a route's pattern) or a short string of another length.
      if (text.equals(known)) {
        return false;
      }
    }
    if (ApiKeys.mayHoldKey(text)) {
      return true;
    }
    recent[next] = text;
    next = (next + 1) % SIZE;
    return false;
  }
}
