package dev.corral.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.corral.core.scan.HostRecord;
import dev.corral.core.scan.HostRecordJson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * One scan's records read row by row from an open cursor, so a scan of millions of hosts never sits
 * in memory. Holds a pooled connection until the stream is closed.
 */
final class RecordCursor extends Spliterators.AbstractSpliterator<HostRecord>
    implements AutoCloseable {
  /** Rows fetched per round trip (PostgreSQL); SQLite steps one row at a time anyway. */
  static final int FETCH_SIZE = 1000;

  private final Database db;
  private final long scanId;
  private final Connection connection;
  private final PreparedStatement query;
  private final ResultSet rows;

  private RecordCursor(
      Database db, long scanId, Connection connection, PreparedStatement query, ResultSet rows) {
    super(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL);
    this.db = db;
    this.scanId = scanId;
    this.connection = connection;
    this.query = query;
    this.rows = rows;
  }

  /** The records of a scan in host key order, then in the order they were written. */
  static Stream<HostRecord> open(Database db, long scanId, RecordFilter filter) {
    Connection connection = null;
    PreparedStatement query = null;
    try {
      connection = db.pool().getConnection();
      if (db.dialect() == Dialect.POSTGRESQL) {
        // PostgreSQL only streams (honours the fetch size) inside a transaction.
        connection.setAutoCommit(false);
      }
      if (ScanTable.find(connection, db.dialect(), scanId).isEmpty()) {
        throw db.noSuchScan(scanId);
      }
      query =
          connection.prepareStatement(
              "SELECT id, record FROM host_record WHERE scan_id = ?"
                  + (filter == RecordFilter.OLLAMA_OR_EXPOSED ? " AND (ollama OR exposed)" : "")
                  + " ORDER BY host_key, id");
      query.setFetchSize(FETCH_SIZE);
      query.setLong(1, scanId);
      RecordCursor cursor = new RecordCursor(db, scanId, connection, query, query.executeQuery());
      return StreamSupport.stream(cursor, false).onClose(cursor::close);
    } catch (SQLException | RuntimeException e) {
      closeQuietly(query);
      release(connection);
      throw e instanceof StoreException store
          ? store
          : db.failure("read the records of scan " + scanId, e);
    }
  }

  @Override
  public boolean tryAdvance(Consumer<? super HostRecord> action) {
    String json;
    long id;
    try {
      if (!rows.next()) {
        return false;
      }
      id = rows.getLong(1);
      json = rows.getString(2);
    } catch (SQLException e) {
      throw db.failure("read the records of scan " + scanId, e);
    }
    try {
      action.accept(HostRecordJson.parse(json));
    } catch (JsonProcessingException e) {
      throw new StoreException(
          "record "
              + id
              + " of scan "
              + scanId
              + " in "
              + db.display()
              + " is not a host record: "
              + ConnectionPool.firstLine(e.getOriginalMessage()),
          e);
    }
    return true;
  }

  @Override
  public void close() {
    closeQuietly(rows);
    closeQuietly(query);
    release(connection);
  }

  private static void release(Connection connection) {
    if (connection == null) {
      return;
    }
    try {
      if (!connection.getAutoCommit()) {
        connection.rollback(); // read only: nothing to keep, and the pool wants it clean
      }
    } catch (SQLException e) {
      // The connection is going back to the pool, which checks it before lending it again.
    }
    closeQuietly(connection);
  }

  private static void closeQuietly(AutoCloseable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (Exception e) {
      // Nothing more can be done with a cursor that fails to close; the pool reclaims it.
    }
  }
}
