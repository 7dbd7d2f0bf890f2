package dev.corral.gateway.auth;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Fresh store locations for the gateway's tests: SQLite files in a temporary directory, or new
 * schemas in the machine's PostgreSQL {@code test} database (dropped by {@link #close()}), so test
 * runs sharing the server never see each other's tables.
 */
public final class GatewayTestStores implements AutoCloseable {
  /** The server tests use; override with {@code CORRAL_TEST_POSTGRES}. */
  public static final String POSTGRES =
      System.getenv()
          .getOrDefault(
              "CORRAL_TEST_POSTGRES", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

  private final Path dir;
  private final List<String> schemas = new ArrayList<>();
  private int next;

  private GatewayTestStores(Path dir) {
    this.dir = dir;
  }

  /** SQLite files in {@code dir}. */
  public static GatewayTestStores sqlite(Path dir) {
    return new GatewayTestStores(dir);
  }

  /** Schemas in PostgreSQL. */
  public static GatewayTestStores postgres() {
    return new GatewayTestStores(null);
  }

  /** A location never used before. */
  public synchronized String fresh() {
    if (dir != null) {
      return dir.resolve("gateway-" + next++ + ".db").toString();
    }
    String schema = "corral_gw_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    schemas.add(schema);
    return POSTGRES + (POSTGRES.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  /** A plain JDBC connection to a location from {@link #fresh()}. */
  public Connection connect(String location) throws SQLException {
    return DriverManager.getConnection(dir != null ? "jdbc:sqlite:" + location : location);
  }

  @Override
  public synchronized void close() {
    if (schemas.isEmpty()) {
      return;
    }
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
    return dir != null ? "SQLite" : "PostgreSQL";
  }
}
