package dev.corral.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * What {@link Store#open(String)} was asked to open, checked before any driver sees it so that a
 * bad location gets one clear sentence instead of a driver's stack trace.
 */
sealed interface StoreLocation {

  String SQLITE_PREFIX = "jdbc:sqlite:";
  String POSTGRES_PREFIX = "jdbc:postgresql:";

  /** Anything that looks like {@code scheme://...} but is not a file path. */
  Pattern URL_SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*)://");

  /** The dialect of SQL spoken there. */
  Dialect dialect();

  /** The URL handed to the JDBC driver. */
  String jdbcUrl();

  /** How to name the place in messages: never a password or other URL parameter. */
  String display();

  /** An SQLite database in a file. */
  record SqliteFile(Path file, String jdbcUrl) implements StoreLocation {
    @Override
    public Dialect dialect() {
      return Dialect.SQLITE;
    }

    @Override
    public String display() {
      return file.toString();
    }

    /**
     * Makes sure SQLite will be able to open the file: the directory exists (it is created, like
     * the default data directory on first use) and the file and its directory can be written, since
     * SQLite keeps its write-ahead log next to the database.
     */
    void prepare() {
      if (Files.isDirectory(file)) {
        throw new StoreException(file + " is a directory, not a database file");
      }
      Path dir = file.getParent();
      if (!Files.isDirectory(dir)) {
        try {
          Files.createDirectories(dir);
        } catch (IOException | SecurityException e) {
          throw new StoreException(
              "cannot create the directory " + dir + " for " + file + ": " + reason(e), e);
        }
      }
      if (Files.exists(file)) {
        if (!Files.isReadable(file)) {
          throw new StoreException("cannot read " + file + ": permission denied");
        }
        if (!Files.isWritable(file)) {
          throw new StoreException("cannot write " + file + ": permission denied");
        }
      }
      if (!Files.isWritable(dir)) {
        throw new StoreException(
            "cannot write in "
                + dir
                + " (SQLite keeps its journal next to "
                + file.getFileName()
                + "): permission denied");
      }
    }

    private static String reason(Exception e) {
      if (e instanceof java.nio.file.FileAlreadyExistsException already) {
        return already.getFile() + " is a file, not a directory";
      }
      if (e instanceof java.nio.file.AccessDeniedException) {
        return "permission denied";
      }
      return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
  }

  /**
   * A PostgreSQL database.
   *
   * @param hostPort {@code host:port} (several, comma-separated, for a multi-host URL)
   * @param database the database name
   * @param schema the {@code currentSchema} the URL asks for, or null for the server's default
   */
  record Postgres(String jdbcUrl, String hostPort, String database, String schema)
      implements StoreLocation {
    @Override
    public Dialect dialect() {
      return Dialect.POSTGRESQL;
    }

    @Override
    public String display() {
      return "PostgreSQL database " + database + " at " + hostPort;
    }
  }

  /** Reads a location: a file path, {@code jdbc:sqlite:PATH} or {@code jdbc:postgresql://...}. */
  static StoreLocation parse(String location) {
    if (location == null || location.isBlank()) {
      throw new StoreException("no database location given: use a file path or a jdbc: URL");
    }
    String trimmed = location.strip();
    String lower = trimmed.toLowerCase(Locale.ROOT);
    if (lower.startsWith(SQLITE_PREFIX)) {
      return sqliteUrl(trimmed.substring(SQLITE_PREFIX.length()));
    }
    if (lower.startsWith(POSTGRES_PREFIX)) {
      return postgres(trimmed);
    }
    if (lower.startsWith("jdbc:")) {
      int colon = trimmed.indexOf(':', "jdbc:".length());
      String scheme = colon < 0 ? trimmed : trimmed.substring(0, colon);
      throw unsupported(scheme);
    }
    var scheme = URL_SCHEME.matcher(trimmed);
    if (scheme.find()) {
      String name = scheme.group(1).toLowerCase(Locale.ROOT);
      if (name.equals("postgres") || name.equals("postgresql")) {
        throw new StoreException(
            "unsupported database URL scheme "
                + name
                + "://: write it as jdbc:postgresql://HOST:PORT/DATABASE?user=NAME");
      }
      throw unsupported(name + "://");
    }
    return sqliteFile(trimmed, "");
  }

  private static StoreException unsupported(String scheme) {
    return new StoreException(
        "unsupported database URL scheme "
            + scheme
            + ": corral stores scans in SQLite (a file path or jdbc:sqlite:PATH)"
            + " or PostgreSQL (jdbc:postgresql://HOST:PORT/DATABASE)");
  }

  private static StoreLocation sqliteUrl(String rest) {
    String path = rest;
    String query = "";
    int question = path.indexOf('?');
    if (question >= 0) {
      query = path.substring(question);
      path = path.substring(0, question);
    }
    if (path.startsWith("file:")) {
      path = path.substring("file:".length());
    }
    if (path.isEmpty() || path.equals(":memory:") || query.contains("mode=memory")) {
      throw new StoreException(
          "an in-memory SQLite database cannot hold scans past the end of the process:"
              + " give a file path");
    }
    return sqliteFile(path, query);
  }

  private static SqliteFile sqliteFile(String path, String query) {
    Path file;
    try {
      file = Path.of(path).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw new StoreException("invalid database path '" + path + "': " + e.getReason(), e);
    }
    return new SqliteFile(file, SQLITE_PREFIX + file + query);
  }

  private static Postgres postgres(String url) {
    // The driver's own reading of its URL (defaults, multi-host, IPv6), through plain JDBC.
    Map<String, String> parsed = new HashMap<>();
    try {
      Driver driver = DriverManager.getDriver(url);
      for (DriverPropertyInfo info : driver.getPropertyInfo(url, new Properties())) {
        if (info.value != null) {
          parsed.put(info.name, info.value);
        }
      }
    } catch (SQLException e) {
      throw new StoreException(
          "invalid PostgreSQL URL: expected jdbc:postgresql://HOST:PORT/DATABASE?user=NAME", e);
    }
    String[] hosts = parsed.getOrDefault("PGHOST", "localhost").split(",", -1);
    String[] ports = parsed.getOrDefault("PGPORT", "5432").split(",", -1);
    StringBuilder hostPort = new StringBuilder();
    for (int i = 0; i < hosts.length; i++) {
      if (i > 0) {
        hostPort.append(',');
      }
      String host = hosts[i].isBlank() ? "localhost" : hosts[i];
      boolean ipv6 = host.contains(":") && !host.startsWith("[");
      hostPort
          .append(ipv6 ? "[" + host + "]" : host)
          .append(':')
          .append(i < ports.length ? ports[i] : "5432");
    }
    String database = parsed.getOrDefault("PGDBNAME", "");
    String schema = parsed.get("currentSchema");
    if (schema != null) {
      // search_path may list several schemas; corral's tables go in the first.
      schema = schema.split(",", -1)[0].strip();
      if (schema.isEmpty()) {
        schema = null;
      }
    }
    return new Postgres(url, hostPort.toString(), database, schema);
  }
}
