package dev.corral.audit.check;

import java.util.Locale;

/** The outcome of one check. Failures sort first, then warnings, passes, and skipped checks. */
public enum Status {
  FAIL,
  WARN,
  PASS,
  SKIP;

  /** The lower-case wire name. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
