package dev.corral.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The SQL of the {@code scan} table. */
final class ScanTable {
  private static final String COLUMNS =
      "id, started_at, finished_at, status, description, targets, open, ollama, exposed";

  private ScanTable() {}

  static long insert(Connection c, Dialect dialect, Instant startedAt, String description)
      throws SQLException {
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO scan (started_at, status, description) VALUES (?, ?, ?) RETURNING id")) {
      dialect.setInstant(insert, 1, startedAt);
      insert.setString(2, ScanStatus.RUNNING.id());
      insert.setString(3, description);
      try (ResultSet ids = insert.executeQuery()) {
        if (!ids.next()) {
          throw new SQLException("the new scan's id was not returned");
        }
        return ids.getLong(1);
      }
    }
  }

  /** Sets the final status of a running scan; false when there is no such running scan. */
  static boolean finish(
      Connection c, Dialect dialect, long scanId, ScanStatus status, Instant finishedAt)
      throws SQLException {
    try (PreparedStatement update =
        c.prepareStatement(
            "UPDATE scan SET status = ?, finished_at = ? WHERE id = ? AND status = ?")) {
      update.setString(1, status.id());
      dialect.setInstant(update, 2, finishedAt);
      update.setLong(3, scanId);
      update.setString(4, ScanStatus.RUNNING.id());
      return update.executeUpdate() == 1;
    }
  }

  /** Raises the counters by one batch's; false when the scan does not exist. */
  static boolean addCounts(
      Connection c, long scanId, long targets, long open, long ollama, long exposed)
      throws SQLException {
    try (PreparedStatement update =
        c.prepareStatement(
            "UPDATE scan SET targets = targets + ?, open = open + ?, ollama = ollama + ?,"
                + " exposed = exposed + ? WHERE id = ?")) {
      update.setLong(1, targets);
      update.setLong(2, open);
      update.setLong(3, ollama);
      update.setLong(4, exposed);
      update.setLong(5, scanId);
      return update.executeUpdate() == 1;
    }
  }

  static Optional<ScanInfo> find(Connection c, Dialect dialect, long scanId) throws SQLException {
    try (PreparedStatement select =
        c.prepareStatement("SELECT " + COLUMNS + " FROM scan WHERE id = ?")) {
      select.setLong(1, scanId);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? Optional.of(read(rows, dialect)) : Optional.empty();
      }
    }
  }

  /** Newest first; at most {@code limit}. */
  static List<ScanInfo> newest(Connection c, Dialect dialect, long limit) throws SQLException {
    try (PreparedStatement select =
        c.prepareStatement("SELECT " + COLUMNS + " FROM scan ORDER BY id DESC LIMIT ?")) {
      select.setLong(1, limit);
      try (ResultSet rows = select.executeQuery()) {
        List<ScanInfo> scans = new ArrayList<>();
        while (rows.next()) {
          scans.add(read(rows, dialect));
        }
        return List.copyOf(scans);
      }
    }
  }

  static boolean delete(Connection c, long scanId) throws SQLException {
    try (PreparedStatement delete = c.prepareStatement("DELETE FROM scan WHERE id = ?")) {
      delete.setLong(1, scanId);
      return delete.executeUpdate() == 1;
    }
  }

  private static ScanInfo read(ResultSet rows, Dialect dialect) throws SQLException {
    return new ScanInfo(
        rows.getLong("id"),
        dialect.getInstant(rows, "started_at"),
        dialect.getInstant(rows, "finished_at"),
        ScanStatus.fromId(rows.getString("status")),
        rows.getString("description"),
        rows.getLong("targets"),
        rows.getLong("open"),
        rows.getLong("ollama"),
        rows.getLong("exposed"));
  }
}
