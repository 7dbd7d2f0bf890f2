package dev.corral.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteGatewayTablesTest extends GatewayTablesContract {
  @TempDir Path dir;

  @Override
  TestDatabases databases() {
    return TestDatabases.sqlite(dir);
  }

  @Test
  void aStoreFromBeforeTheGatewayIsUpgradedAndKeepsItsScans() throws Exception {
    // A corral.db written by a version that only knew the scan tables (migration 1).
    Path file = dir.resolve("old.db");
    Flyway.configure(getClass().getClassLoader())
        .dataSource("jdbc:sqlite:" + file, null, null)
        .locations("classpath:db/migration/sqlite")
        .table(Migrations.HISTORY_TABLE)
        .target("1")
        .loggers("slf4j")
        .load()
        .migrate();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      s.execute(
          "INSERT INTO scan (started_at, status, description)"
              + " VALUES ('2026-01-01T00:00:00.000000Z', 'finished', 'before the gateway')");
    }
    try (Store store = Store.open(file.toString())) {
      assertThat(store.scans())
          .extracting(ScanInfo::description)
          .containsExactly("before the gateway");
      assertThat(store.keys().all()).isEmpty();
      assertThat(store.keys().changes()).isZero();
      store.audit().insert(List.of());
      assertThat(store.audit().count()).isZero();
    }
  }
}
