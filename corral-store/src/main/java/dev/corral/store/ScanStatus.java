package dev.corral.store;

import java.util.Locale;

/** Where a scan is in its life. Stored as {@link #id()}. */
public enum ScanStatus {
  /** Records may still arrive (or the process died before it could say otherwise). */
  RUNNING,
  /** Every target was checked. */
  FINISHED,
  /** Stopped early (Ctrl-C, an error, a time limit); what was written is kept. */
  INTERRUPTED;

  /** The stored and displayed form: {@code running}, {@code finished}, {@code interrupted}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The status whose {@link #id()} this is. */
  public static ScanStatus fromId(String id) {
    for (ScanStatus status : values()) {
      if (status.id().equals(id)) {
        return status;
      }
    }
    throw new IllegalArgumentException("unknown scan status '" + id + "'");
  }
}
