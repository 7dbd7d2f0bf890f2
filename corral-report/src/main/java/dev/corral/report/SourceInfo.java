package dev.corral.report;

import dev.corral.store.ScanInfo;
import java.time.Instant;
import java.util.Objects;

/**
 * Where a report's records came from, as the report states it.
 *
 * @param kind a file (or standard input), a stored scan, or records handed over in code
 * @param name the file name, {@code -} for standard input, or the store's location (never a
 *     password)
 * @param scan the stored scan; null unless {@code kind} is {@link Kind#STORE}
 */
public record SourceInfo(Kind kind, String name, ScanInfo scan) {

  /** What kind of input. */
  public enum Kind {
    /** A JSON Lines file, plain or gzip, or standard input. */
    FILE,
    /** A scan saved in the store. */
    STORE,
    /** A stream of records from code (tests, another command). */
    STREAM;

    /** The lower-case name used in JSON. */
    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public SourceInfo {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    if ((kind == Kind.STORE) != (scan != null)) {
      throw new IllegalArgumentException("a scan is given exactly for a stored scan");
    }
  }

  public static SourceInfo file(String name) {
    return new SourceInfo(Kind.FILE, name, null);
  }

  public static SourceInfo store(String location, ScanInfo scan) {
    return new SourceInfo(Kind.STORE, location, scan);
  }

  public static SourceInfo stream(String name) {
    return new SourceInfo(Kind.STREAM, name, null);
  }

  /** {@code scan 12 in /home/ana/corral.db}, {@code scan.jsonl.gz}, or the stream's name. */
  public String label() {
    return kind == Kind.STORE ? "scan " + scan.id() + " in " + name : name;
  }

  /** When the scan started; null for files and streams. */
  public Instant startedAt() {
    return scan == null ? null : scan.startedAt();
  }
}
