package dev.corral.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Fresh, empty store locations for tests. SQLite: a new file in a test's temporary directory.
 * PostgreSQL: a new schema in the machine's {@code test} database, so test runs that share the
 * server (other modules, other worktrees) never see each other's tables; {@link #close()} drops the
 * schemas.
 */
public abstract sealed class TestDatabases implements AutoCloseable {

  /** The server tests use; override with {@code CORRAL_TEST_POSTGRES}. */
  public static final String POSTGRES =
      System.getenv()
          .getOrDefault(
              "CORRAL_TEST_POSTGRES", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

  /** A location never used before. */
  public abstract String fresh();

  /** A plain JDBC connection to a location made by {@link #fresh()}, to look at the tables. */
  public abstract Connection connect(String location) throws SQLException;

  @Override
  public void close() {}

  public static TestDatabases sqlite(Path dir) {
    return new Sqlite(dir);
  }

  public static TestDatabases postgres() {
    return new Postgres();
  }

  static final class Sqlite extends TestDatabases {
    private final Path dir;
    private int next;

    Sqlite(Path dir) {
      this.dir = dir;
    }

    @Override
    public String fresh() {
      return dir.resolve("store-" + next++ + ".db").toString();
    }

    @Override
    public Connection connect(String location) throws SQLException {
      return DriverManager.getConnection("jdbc:sqlite:" + location);
    }

    @Override
    public String toString() {
      return "SQLite";
    }
  }

  static final class Postgres extends TestDatabases {
    private final List<String> schemas = new ArrayList<>();

    @Override
    public synchronized String fresh() {
      String schema =
          "corral_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
      schemas.add(schema);
      return POSTGRES + (POSTGRES.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    @Override
    public Connection connect(String location) throws SQLException {
      return DriverManager.getConnection(location);
    }

    @Override
    public synchronized void close() {
      try (Connection c = DriverManager.getConnection(POSTGRES);
          Statement drop = c.createStatement()) {
        for (String schema : schemas) {
          drop.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
        schemas.clear();
      } catch (SQLException e) {
        throw new IllegalStateException("cannot drop the test schemas " + schemas, e);
      }
    }

    @Override
    public String toString() {
      return "PostgreSQL";
    }
  }
}
