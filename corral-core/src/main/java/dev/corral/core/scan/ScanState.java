package dev.corral.core.scan;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What happened when a target was contacted. */
public enum ScanState {
  /** A TCP connection was accepted and something answered (HTTP or not). */
  OPEN,
  /** The connection was refused. */
  CLOSED,
  /** Connect or read did not finish in time (filtered ports, tarpits). */
  TIMEOUT,
  /** Anything else that stopped the check (unresolvable name, reset, TLS failure). */
  ERROR,
  /** Recorded from a passive source without contacting the host. */
  PASSIVE;

  @JsonValue
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
