package dev.corral.store.diff;

import dev.corral.core.scan.HostRecord;
import dev.corral.store.RecordFilter;
import dev.corral.store.Store;
import dev.corral.store.StoreException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * What changed between two scans: hosts that are new, gone, or changed.
 *
 * <p>Both scans are read at once, each in host key order, and merged like two sorted files: memory
 * stays constant whatever the size of the scans (apart from the changes kept by {@link #between}).
 * When a scan holds one host twice (the same address reached through two targets), its last record
 * counts.
 *
 * <p>By default only hosts that are {@code ollama} or {@code exposed} are compared, so a host that
 * closed its port is <em>gone</em> and one that opened it is <em>new</em>; {@link RecordFilter#ALL}
 * compares every record, closed ports included.
 *
 * @param olderScanId the scan compared from
 * @param newerScanId the scan compared to
 * @param scope which records took part
 * @param added hosts in the newer scan only ({@code new} is a Java keyword)
 * @param gone hosts in the older scan only
 * @param changed hosts in both whose state, product, ollama, exposed, auth, version, version_range,
 *     models or risk differ
 */
public record ScanDiff(
    long olderScanId,
    long newerScanId,
    RecordFilter scope,
    List<HostChange> added,
    List<HostChange> gone,
    List<HostChange> changed) {

  public ScanDiff {
    Objects.requireNonNull(scope, "scope");
    added = List.copyOf(added);
    gone = List.copyOf(gone);
    changed = List.copyOf(changed);
  }

  /** Compares two scans' Ollama and exposed hosts; each list is in host key order. */
  public static ScanDiff between(Store store, long olderScanId, long newerScanId) {
    return between(store, olderScanId, newerScanId, RecordFilter.OLLAMA_OR_EXPOSED);
  }

  /** Compares two scans' records that {@code scope} selects; each list is in host key order. */
  public static ScanDiff between(
      Store store, long olderScanId, long newerScanId, RecordFilter scope) {
    List<HostChange> added = new ArrayList<>();
    List<HostChange> gone = new ArrayList<>();
    List<HostChange> changed = new ArrayList<>();
    walk(
        store,
        olderScanId,
        newerScanId,
        scope,
        change -> {
          switch (change.kind()) {
            case NEW -> added.add(change);
            case GONE -> gone.add(change);
            case CHANGED -> changed.add(change);
          }
        });
    return new ScanDiff(olderScanId, newerScanId, scope, added, gone, changed);
  }

  /**
   * Hands each difference to {@code sink} as it is found, in host key order, keeping nothing: for
   * scans too large to hold their differences in memory.
   */
  public static void walk(
      Store store,
      long olderScanId,
      long newerScanId,
      RecordFilter scope,
      Consumer<HostChange> sink) {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(sink, "sink");
    try (Stream<HostRecord> older = store.records(olderScanId, scope);
        Stream<HostRecord> newer = store.records(newerScanId, scope)) {
      HostKeyRun was = new HostKeyRun(older.iterator(), olderScanId);
      HostKeyRun is = new HostKeyRun(newer.iterator(), newerScanId);
      HostRecord before = was.next();
      HostRecord after = is.next();
      while (before != null || after != null) {
        int order =
            before == null
                ? 1
                : after == null ? -1 : HostKeys.compare(before.hostKey(), after.hostKey());
        if (order < 0) {
          sink.accept(
              new HostChange(before.hostKey(), HostChange.Kind.GONE, before, null, List.of()));
          before = was.next();
        } else if (order > 0) {
          sink.accept(new HostChange(after.hostKey(), HostChange.Kind.NEW, null, after, List.of()));
          after = is.next();
        } else {
          List<String> changes = Changes.between(before, after);
          if (!changes.isEmpty()) {
            sink.accept(
                new HostChange(after.hostKey(), HostChange.Kind.CHANGED, before, after, changes));
          }
          before = was.next();
          after = is.next();
        }
      }
    }
  }

  /** True when nothing changed. */
  public boolean isEmpty() {
    return added.isEmpty() && gone.isEmpty() && changed.isEmpty();
  }

  /**
   * One scan's records, one per host key: the last of a run of equal keys. Checks that keys come in
   * order, since the merge is only right if both scans are sorted the same way.
   */
  private static final class HostKeyRun {
    private final Iterator<HostRecord> records;
    private final long scanId;
    private HostRecord pending;
    private String lastKey;

    HostKeyRun(Iterator<HostRecord> records, long scanId) {
      this.records = records;
      this.scanId = scanId;
      this.pending = records.hasNext() ? records.next() : null;
    }

    /** The next host's record, or null at the end. */
    HostRecord next() {
      if (pending == null) {
        return null;
      }
      HostRecord current = pending;
      String key = current.hostKey();
      if (lastKey != null && HostKeys.compare(lastKey, key) >= 0) {
        throw new StoreException(
            "the records of scan " + scanId + " are not in host key order at " + key);
      }
      pending = null;
      while (records.hasNext()) {
        HostRecord following = records.next();
        if (following.hostKey().equals(key)) {
          current = following;
        } else {
          pending = following;
          break;
        }
      }
      lastKey = key;
      return current;
    }
  }
}
