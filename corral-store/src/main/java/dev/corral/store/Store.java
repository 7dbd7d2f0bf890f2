package dev.corral.store;

import com.zaxxer.hikari.HikariDataSource;
import dev.corral.core.scan.HostRecord;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Where scans, the gateway's API keys and its audit log are kept: an SQLite file (the default) or a
 * PostgreSQL database. Opening it brings its tables up to date. Safe to use from many threads.
 *
 * <pre>{@code
 * try (Store store = Store.open(DataDirectory.defaultDatabase().toString())) {
 *   long scan = store.beginScan("corral scan 10.0.0.0/24");
 *   try (ScanWriter writer = store.writer(scan)) {
 *     writer.write(record); // from any thread
 *   }
 *   store.finishScan(scan, ScanStatus.FINISHED);
 * }
 * }</pre>
 */
public final class Store implements AutoCloseable {
  private final HikariDataSource pool;
  private final Database db;
  private final KeyTable keys;
  private final AuditTable audit;
  private final Set<ScanWriter> writers = ConcurrentHashMap.newKeySet();

  private Store(HikariDataSource pool, StoreLocation location) {
    this.pool = pool;
    this.db = new Database(pool, location.dialect(), location.display());
    this.keys = new KeyTable(db);
    this.audit = new AuditTable(db);
  }

  /**
   * Opens a store, creating it (and the file's directory) when needed, and migrates its tables.
   *
   * @param location a file path for SQLite, {@code jdbc:sqlite:PATH}, or {@code
   *     jdbc:postgresql://HOST:PORT/DATABASE?user=NAME} (add {@code &currentSchema=NAME} to keep
   *     corral's tables in their own schema; it is created when missing)
   * @throws StoreException with a one-line message when the location is unusable
   */
  public static Store open(String location) {
    StoreLocation parsed = StoreLocation.parse(location);
    if (parsed instanceof StoreLocation.SqliteFile file) {
      file.prepare();
    }
    HikariDataSource pool = ConnectionPool.open(parsed);
    try {
      Migrations.run(pool, parsed);
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
    return new Store(pool, parsed);
  }

  /** The gateway's API keys, their change counter and its shared secrets. */
  public KeyTable keys() {
    return keys;
  }

  /** The gateway's audit log. */
  public AuditTable audit() {
    return audit;
  }

  /** The store's place for messages: a file path, or database and host (never a password). */
  public String location() {
    return db.display();
  }

  /**
   * Records the start of a scan, status running.
   *
   * @param description free text shown in scan lists, such as the command line
   * @return the new scan's id
   */
  public long beginScan(String description) {
    Objects.requireNonNull(description, "description");
    try (Connection c = pool.getConnection()) {
      return ScanTable.insert(c, db.dialect(), Dialect.now(), description);
    } catch (SQLException e) {
      throw db.failure("start a scan", e);
    }
  }

  /**
   * A writer for a running scan's records. Close it (or {@link #finishScan}) when the scan ends.
   *
   * @throws StoreException when there is no such scan or it is no longer running
   */
  public ScanWriter writer(long scanId) {
    ScanInfo scan = scan(scanId).orElseThrow(() -> db.noSuchScan(scanId));
    if (scan.status() != ScanStatus.RUNNING) {
      throw new StoreException(
          "scan " + scanId + " is " + scan.status().id() + ": it takes no more records");
    }
    ScanWriter writer =
        new ScanWriter(
            db, scanId, ScanWriter.BATCH_SIZE, ScanWriter.QUEUE_CAPACITY, writers::remove);
    writers.add(writer);
    return writer.start();
  }

  /**
   * Ends a running scan. Its open writers are closed first, so the counters recorded are final.
   *
   * @param status {@link ScanStatus#FINISHED} or {@link ScanStatus#INTERRUPTED}
   * @return the scan as stored
   * @throws StoreException when there is no such scan, it has already ended, or one of its writers
   *     could not store everything (the status is recorded all the same)
   */
  public ScanInfo finishScan(long scanId, ScanStatus status) {
    if (status == null || status == ScanStatus.RUNNING) {
      throw new IllegalArgumentException("a scan finishes as finished or interrupted");
    }
    StoreException writerFailure = null;
    for (ScanWriter writer : writers) {
      if (writer.scanId() == scanId) {
        try {
          writer.close();
        } catch (StoreException e) {
          writerFailure = e;
        }
      }
    }
    try (Connection c = pool.getConnection()) {
      if (!ScanTable.finish(c, db.dialect(), scanId, status, Dialect.now())) {
        ScanInfo scan =
            ScanTable.find(c, db.dialect(), scanId).orElseThrow(() -> db.noSuchScan(scanId));
        throw new StoreException("scan " + scanId + " has already ended: " + scan.status().id());
      }
      if (writerFailure != null) {
        throw writerFailure;
      }
      return ScanTable.find(c, db.dialect(), scanId).orElseThrow(() -> db.noSuchScan(scanId));
    } catch (SQLException e) {
      throw db.failure("finish scan " + scanId, e);
    }
  }

  /** Every scan, newest first. */
  public List<ScanInfo> scans() {
    return latest(Long.MAX_VALUE);
  }

  /** The {@code n} newest scans, newest first. */
  public List<ScanInfo> latestScans(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("n must not be negative, not " + n);
    }
    return n == 0 ? List.of() : latest(n);
  }

  private List<ScanInfo> latest(long n) {
    try (Connection c = pool.getConnection()) {
      return ScanTable.newest(c, db.dialect(), n);
    } catch (SQLException e) {
      throw db.failure("list the scans", e);
    }
  }

  /** One scan, if there is one with this id. */
  public Optional<ScanInfo> scan(long scanId) {
    try (Connection c = pool.getConnection()) {
      return ScanTable.find(c, db.dialect(), scanId);
    } catch (SQLException e) {
      throw db.failure("read scan " + scanId, e);
    }
  }

  /**
   * A scan's records, read lazily from a database cursor: close the stream (try-with-resources) to
   * give its connection back. Ordered by host key ({@link HostRecord#hostKey()}, compared by code
   * point), then in the order they were written.
   *
   * @throws StoreException when there is no such scan
   */
  public Stream<HostRecord> records(long scanId) {
    return records(scanId, RecordFilter.ALL);
  }

  /** Like {@link #records(long)}, keeping only the records {@code filter} selects. */
  public Stream<HostRecord> records(long scanId, RecordFilter filter) {
    Objects.requireNonNull(filter, "filter");
    return RecordCursor.open(db, scanId, filter);
  }

  /**
   * Deletes a scan and its records (for retention). A running scan's writers should be closed
   * first.
   *
   * @return false when there was no such scan
   */
  public boolean deleteScan(long scanId) {
    try (Connection c = pool.getConnection()) {
      return ScanTable.delete(c, scanId);
    } catch (SQLException e) {
      throw db.failure("delete scan " + scanId, e);
    }
  }

  /**
   * Closes the open writers (writing what they hold) and then the connections.
   *
   * @throws StoreException when a writer could not store everything
   */
  @Override
  public void close() {
    StoreException failure = null;
    for (ScanWriter writer : writers) {
      try {
        writer.close();
      } catch (StoreException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    pool.close();
    if (failure != null) {
      throw failure;
    }
  }
}
