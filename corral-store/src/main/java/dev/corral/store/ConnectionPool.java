package dev.corral.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.Properties;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Builds the connection pool for a location, and turns a failure to connect into one sentence that
 * names the file or the server.
 */
final class ConnectionPool {
  /** SQLite waits this long for another writer (another scan, another process) to finish. */
  static final int SQLITE_BUSY_TIMEOUT_MS = 30_000;

  private ConnectionPool() {}

  static HikariDataSource open(StoreLocation location) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("corral-store");
    config.setJdbcUrl(location.jdbcUrl());
    config.setMinimumIdle(1);
    // A borrowed connection is returned quickly unless a caller forgets to close a record stream;
    // then this is how long the next borrower waits before saying so.
    config.setConnectionTimeout(10_000);
    // Try once, now, so that a bad location fails in open() and not at the first write.
    config.setInitializationFailTimeout(1);
    Properties properties = new Properties();
    switch (location) {
      case StoreLocation.SqliteFile file -> {
        // WAL: readers (a report, a diff) never block the scan's writer, nor it them.
        properties.setProperty("journal_mode", "WAL");
        // NORMAL is durable across process crashes in WAL mode; only a power loss can drop the
        // last transactions, which for a scan log is an acceptable trade for speed.
        properties.setProperty("synchronous", "NORMAL");
        // Off by default in SQLite; deleting a scan relies on ON DELETE CASCADE.
        properties.setProperty("foreign_keys", "true");
        properties.setProperty("busy_timeout", Integer.toString(SQLITE_BUSY_TIMEOUT_MS));
        // One writer at a time anyway; a few connections let reads run beside it.
        config.setMaximumPoolSize(4);
      }
      case StoreLocation.Postgres postgres -> {
        // Parameters in the URL win over these defaults.
        properties.setProperty("reWriteBatchedInserts", "true");
        properties.setProperty("ApplicationName", "corral");
        properties.setProperty("connectTimeout", "10");
        config.setMaximumPoolSize(8);
      }
    }
    config.setDataSourceProperties(properties);
    try {
      return new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw failure(location, e);
    }
  }

  /** One sentence for a connection that could not be made; the cause keeps the details. */
  static StoreException failure(StoreLocation location, Throwable thrown) {
    SQLException sql = find(thrown, SQLException.class);
    String reason = firstLine(sql != null ? sql.getMessage() : thrown.getMessage());
    return switch (location) {
      case StoreLocation.SqliteFile file ->
          new StoreException(sqliteFailure(file, sql, reason), thrown);
      case StoreLocation.Postgres postgres ->
          new StoreException(postgresFailure(postgres, thrown, sql, reason), thrown);
    };
  }

  private static String sqliteFailure(
      StoreLocation.SqliteFile file, SQLException sql, String reason) {
    if (sql instanceof SQLiteException sqlite) {
      SQLiteErrorCode code = sqlite.getResultCode();
      if (code == SQLiteErrorCode.SQLITE_NOTADB) {
        return file.file() + " is not an SQLite database";
      }
      if (code == SQLiteErrorCode.SQLITE_CANTOPEN) {
        return "cannot open " + file.file();
      }
      if (code == SQLiteErrorCode.SQLITE_READONLY) {
        return "cannot write " + file.file() + ": it is read-only";
      }
    }
    return "cannot open " + file.file() + ": " + reason;
  }

  private static String postgresFailure(
      StoreLocation.Postgres postgres, Throwable thrown, SQLException sql, String reason) {
    String where = postgres.hostPort();
    if (find(thrown, ConnectException.class) != null) {
      return "cannot reach PostgreSQL at " + where + ": connection refused";
    }
    if (find(thrown, UnknownHostException.class) != null) {
      return "cannot reach PostgreSQL at " + where + ": unknown host";
    }
    if (find(thrown, NoRouteToHostException.class) != null) {
      return "cannot reach PostgreSQL at " + where + ": no route to host";
    }
    if (find(thrown, SocketTimeoutException.class) != null) {
      return "cannot reach PostgreSQL at " + where + ": timed out";
    }
    String state = sql == null || sql.getSQLState() == null ? "" : sql.getSQLState();
    if (state.startsWith("08")) {
      return "cannot reach PostgreSQL at " + where + ": " + reason;
    }
    if (state.equals("3D000")) {
      return "PostgreSQL at "
          + where
          + " has no database '"
          + postgres.database()
          + "': create it first (createdb "
          + postgres.database()
          + ")";
    }
    if (state.startsWith("28")) {
      return "PostgreSQL at " + where + " refused the login: " + reason;
    }
    return "cannot open the PostgreSQL database at " + where + ": " + reason;
  }

  static <T extends Throwable> T find(Throwable thrown, Class<T> type) {
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  /** Drivers write several lines (hints, positions); a message for a terminal keeps the first. */
  static String firstLine(String message) {
    if (message == null || message.isBlank()) {
      return "no reason given";
    }
    String line = message.strip().lines().findFirst().orElse("");
    return line.startsWith("FATAL: ") ? line.substring("FATAL: ".length()) : line;
  }
}
