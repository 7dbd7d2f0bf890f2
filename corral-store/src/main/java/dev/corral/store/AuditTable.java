package dev.corral.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The gateway's audit log ({@code audit_log}): written in batches by one background writer, read
 * newest first. Get one from {@link Store#audit()}; safe to use from many threads.
 */
public final class AuditTable {
  private static final String COLUMNS = AuditWriter.COLUMNS;

  private final Database db;

  AuditTable(Database db) {
    this.db = db;
  }

  /**
   * Stores a batch of rows in one transaction: all of them or, on failure, none. Borrows a
   * connection for this batch alone; a thread that writes batch after batch keeps one with {@link
   * #writer()}.
   */
  public void insert(List<AuditRow> rows) {
    Objects.requireNonNull(rows, "rows");
    if (rows.isEmpty()) {
      return;
    }
    try (AuditWriter writer = writer()) {
      writer.insert(rows);
    }
  }

  /**
   * A writer for one thread that keeps its connection and statements between batches (the gateway's
   * audit sink). Close it, or {@link AuditWriter#release()} it while idle, to give the connection
   * back.
   */
  public AuditWriter writer() {
    return new AuditWriter(db);
  }

  /**
   * The {@code limit} newest rows, newest first: the ones stored last. A row is stored when its
   * request ends, so a long stream's row comes after those of requests that began after it; its
   * {@code time} is still the time its request arrived.
   */
  public List<AuditRow> newest(int limit) {
    return select("SELECT " + COLUMNS + " FROM audit_log ORDER BY id DESC LIMIT ?", null, limit);
  }

  /** The {@code limit} newest rows of one key, newest first (as {@link #newest}). */
  public List<AuditRow> newestOfKey(String keyId, int limit) {
    Objects.requireNonNull(keyId, "keyId");
    return select(
        "SELECT " + COLUMNS + " FROM audit_log WHERE key_id = ? ORDER BY id DESC LIMIT ?",
        keyId,
        limit);
  }

  /** How many rows there are. */
  public long count() {
    try (Connection c = db.pool().getConnection();
        PreparedStatement select = c.prepareStatement("SELECT count(*) FROM audit_log");
        ResultSet rows = select.executeQuery()) {
      rows.next();
      return rows.getLong(1);
    } catch (SQLException e) {
      throw db.failure("count the audit records", e);
    }
  }

  private List<AuditRow> select(String sql, String keyId, int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must not be negative, not " + limit);
    }
    try (Connection c = db.pool().getConnection();
        PreparedStatement select = c.prepareStatement(sql)) {
      int index = 1;
      if (keyId != null) {
        select.setString(index++, keyId);
      }
      select.setInt(index, limit);
      try (ResultSet rows = select.executeQuery()) {
        List<AuditRow> out = new ArrayList<>();
        while (rows.next()) {
          out.add(read(rows));
        }
        return List.copyOf(out);
      }
    } catch (SQLException e) {
      throw db.failure("read the audit log", e);
    }
  }

  private AuditRow read(ResultSet rows) throws SQLException {
    return new AuditRow(
        db.dialect().getInstant(rows, "time"),
        rows.getString("key_id"),
        rows.getString("client"),
        rows.getString("method"),
        rows.getString("route"),
        rows.getString("model"),
        rows.getBoolean("allowed"),
        rows.getString("rule"),
        rows.getInt("status"),
        rows.getLong("prompt_tokens"),
        rows.getLong("eval_tokens"),
        rows.getLong("latency_micros"));
  }
}
