package dev.corral.report;

import dev.corral.core.scan.HostRecord;
import dev.corral.store.ScanStatus;
import dev.corral.store.ScanWriter;
import dev.corral.store.Store;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Fresh store locations: an SQLite file in a temporary directory, or a new schema in the local
 * PostgreSQL's {@code test} database (dropped by {@link #close()}), so runs sharing the server
 * never see each other's tables.
 */
abstract class TestStores implements AutoCloseable {
  static final String POSTGRES =
      System.getenv()
          .getOrDefault(
              "CORRAL_TEST_POSTGRES", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

  abstract String fresh();

  @Override
  public void close() {}

  static TestStores sqlite(Path dir) {
    return new TestStores() {
      private int next;

      @Override
      String fresh() {
        return dir.resolve("report-" + next++ + ".db").toString();
      }
    };
  }

  static TestStores postgres() {
    return new TestStores() {
      private final List<String> schemas = new ArrayList<>();

      @Override
      String fresh() {
        String schema =
            "corral_report_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        schemas.add(schema);
        return POSTGRES + (POSTGRES.contains("?") ? "&" : "?") + "currentSchema=" + schema;
      }

      @Override
      public void close() {
        try (Connection c = DriverManager.getConnection(POSTGRES);
            Statement drop = c.createStatement()) {
          for (String schema : schemas) {
            drop.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
          }
        } catch (SQLException e) {
          throw new IllegalStateException("cannot drop the test schemas " + schemas, e);
        }
      }
    };
  }

  /** Saves a finished scan of these records; returns its id. */
  static long scan(Store store, List<HostRecord> records) {
    long id = store.beginScan("corral scan test");
    try (ScanWriter writer = store.writer(id)) {
      for (HostRecord r : records) {
        writer.write(r);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    store.finishScan(id, ScanStatus.FINISHED);
    return id;
  }
}
