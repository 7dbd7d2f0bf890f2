package dev.corral.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;

/**
 * Writes batches of audit rows for one thread, keeping its connection and prepared statements from
 * one batch to the next: the gateway's audit writer stores a batch every few milliseconds under
 * load, and borrowing a connection and compiling the inserts for each one was a fixed cost paid
 * again and again. Get one from {@link AuditTable#writer()}; not safe for use by several threads.
 *
 * <p>Rows go in as multi-row {@code INSERT ... VALUES (...), (...)} statements of {@value #CHUNK},
 * {@value #SMALL_CHUNK} and 1 rows: one statement execution per hundred rows instead of one per row
 * (SQLite opens the table and its indexes once per execution; PostgreSQL parses and plans once).
 * Three fixed sizes, so that at most three statements are ever prepared, whatever the batch sizes.
 *
 * <p>When a batch fails, the connection is given back and the next batch takes a fresh one: a
 * connection that failed once (a restarted server, a changed table) is not trusted again. {@link
 * #release()} gives the connection back while the writer has nothing to do, so an idle writer holds
 * none of the pool.
 */
public final class AuditWriter implements AutoCloseable {
  /** Rows per statement for the bulk of a batch: 1,200 parameters, far below either limit. */
  static final int CHUNK = 100;

  /** Rows per statement for what is left of a batch after its hundreds. */
  static final int SMALL_CHUNK = 10;

  static final String COLUMNS =
      "time, key_id, client, method, route, model, allowed, rule, status, prompt_tokens,"
          + " eval_tokens, latency_micros";

  private static final int PARAMETERS = 12;

  private final Database db;

  /** SQLite's timestamps, formatted reusing the last second's text; null for PostgreSQL. */
  private final SqliteTime.Recent sqliteTimes;

  private Connection connection;
  private PreparedStatement chunk;
  private PreparedStatement smallChunk;
  private PreparedStatement single;

  AuditWriter(Database db) {
    this.db = db;
    this.sqliteTimes = db.dialect() == Dialect.SQLITE ? new SqliteTime.Recent() : null;
  }

  /**
   * Stores a batch of rows in one transaction: all of them, in their order, or, on failure, none.
   *
   * @throws StoreException when the database refuses the batch; nothing of it is stored
   */
  public void insert(List<AuditRow> rows) {
    Objects.requireNonNull(rows, "rows");
    int n = rows.size();
    if (n == 0) {
      return;
    }
    try {
      Connection c = connection();
      c.setAutoCommit(false);
      try {
        int at = write(rows, 0, n - n % CHUNK, CHUNK);
        at = write(rows, at, n - n % SMALL_CHUNK, SMALL_CHUNK);
        write(rows, at, n, 1);
        c.commit();
      } catch (SQLException | RuntimeException e) {
        rollback(c, e);
        throw e;
      }
      c.setAutoCommit(true);
    } catch (SQLException e) {
      release();
      throw db.failure("write " + n + " audit records", e);
    } catch (RuntimeException e) {
      release();
      throw e;
    }
  }

  /** Undoes the batch; a rollback that fails too is told beside the first failure, not instead. */
  private static void rollback(Connection c, Exception failure) {
    try {
      c.rollback();
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }

  /**
   * Stores {@code rows[from, to)} as statements of {@code size} rows each ({@code to - from} is a
   * multiple of it); returns {@code to}.
   */
  private int write(List<AuditRow> rows, int from, int to, int size) throws SQLException {
    if (from == to) {
      return to;
    }
    PreparedStatement insert = statement(size);
    Dialect dialect = db.dialect();
    int chunks = (to - from) / size;
    for (int k = 0; k < chunks; k++) {
      int base = 0;
      for (int i = from + k * size, end = i + size; i < end; i++) {
        AuditRow row = rows.get(i);
        if (sqliteTimes != null) {
          insert.setString(base + 1, sqliteTimes.format(row.time()));
        } else {
          dialect.setInstant(insert, base + 1, row.time());
        }
        insert.setString(base + 2, row.keyId());
        insert.setString(base + 3, row.client());
        insert.setString(base + 4, row.method());
        insert.setString(base + 5, row.route());
        insert.setString(base + 6, row.model());
        insert.setBoolean(base + 7, row.allowed());
        insert.setString(base + 8, row.rule());
        insert.setInt(base + 9, row.status());
        insert.setLong(base + 10, row.promptTokens());
        insert.setLong(base + 11, row.evalTokens());
        insert.setLong(base + 12, row.latencyMicros());
        base += PARAMETERS;
      }
      if (chunks == 1) {
        insert.executeUpdate();
      } else {
        insert.addBatch();
      }
    }
    if (chunks > 1) {
      insert.executeBatch();
    }
    return to;
  }

  private Connection connection() throws SQLException {
    if (connection == null) {
      connection = db.pool().getConnection();
    }
    return connection;
  }

  private PreparedStatement statement(int size) throws SQLException {
    return switch (size) {
      case CHUNK -> chunk != null ? chunk : (chunk = prepare(CHUNK));
      case SMALL_CHUNK -> smallChunk != null ? smallChunk : (smallChunk = prepare(SMALL_CHUNK));
      case 1 -> single != null ? single : (single = prepare(1));
      default -> throw new IllegalArgumentException("no statement for " + size + " rows");
    };
  }

  private PreparedStatement prepare(int rows) throws SQLException {
    return connection().prepareStatement(sql(rows));
  }

  /** {@code INSERT INTO audit_log (...) VALUES (?, ...), ...} for {@code rows} rows. */
  static String sql(int rows) {
    String tuple = "(" + "?, ".repeat(PARAMETERS - 1) + "?)";
    StringBuilder sql =
        new StringBuilder("INSERT INTO audit_log (").append(COLUMNS).append(") VALUES ");
    for (int i = 0; i < rows; i++) {
      sql.append(i == 0 ? "" : ", ").append(tuple);
    }
    return sql.toString();
  }

  /**
   * Gives the connection back to the pool (its statements are closed with it); the next {@link
   * #insert} takes one again. Never throws: a connection that cannot even be closed is the pool's
   * to replace.
   */
  public void release() {
    Connection c = connection;
    connection = null;
    chunk = null;
    smallChunk = null;
    single = null;
    if (c != null) {
      try {
        c.close();
      } catch (SQLException e) {
        // Nothing to do: the pool drops a connection it cannot reset.
      }
    }
  }

  /** Same as {@link #release()}; the writer can still be used afterwards. */
  @Override
  public void close() {
    release();
  }
}
