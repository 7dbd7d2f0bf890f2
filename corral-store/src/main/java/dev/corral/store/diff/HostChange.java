package dev.corral.store.diff;

import dev.corral.core.scan.HostRecord;
import java.util.List;
import java.util.Objects;

/**
 * How one host differs between two scans.
 *
 * @param hostKey {@link HostRecord#hostKey()}, the same in both scans
 * @param kind new, gone or changed
 * @param before the host in the older scan; null when {@link Kind#NEW}
 * @param after the host in the newer scan; null when {@link Kind#GONE}
 * @param changes for {@link Kind#CHANGED}, one line per difference, such as {@code exposed: false
 *     -> true} or {@code model added: llama3.2:latest}; empty otherwise
 */
public record HostChange(
    String hostKey, Kind kind, HostRecord before, HostRecord after, List<String> changes) {

  /** What happened to the host. */
  public enum Kind {
    /** In the newer scan, not in the older. */
    NEW,
    /** In the older scan, not in the newer. */
    GONE,
    /** In both, with differences. */
    CHANGED
  }

  public HostChange {
    Objects.requireNonNull(hostKey, "hostKey");
    Objects.requireNonNull(kind, "kind");
    changes = List.copyOf(changes);
  }
}
