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
    oldStore(
        file,
        "1",
        List.of(
            "INSERT INTO scan (started_at, status, description)"
                + " VALUES ('2026-01-01T00:00:00.000000Z', 'finished', 'before the gateway')"));
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

  @Test
  void anAuditLogFromBeforeTheIndexChangeKeepsItsRowsAndItsOrder() throws Exception {
    // A corral.db whose audit_log has the two indexes of migration 2 and rows in it.
    Path file = dir.resolve("v2.db");
    List<String> rows = new java.util.ArrayList<>();
    for (int i = 0; i < 3; i++) {
      rows.add(
          "INSERT INTO audit_log (time, key_id, client, method, route, model, allowed, rule,"
              + " status, prompt_tokens, eval_tokens, latency_micros) VALUES"
              + " ('2026-11-2"
              + (7 + i)
              + "T10:00:00.000000Z', 'ck_aaaaaaaaaaaa', '127.0.0.1:1',"
              + " 'GET', '/api/tags', NULL, 1, 'allow', 200, -1, -1, "
              + (100 + i)
              + ")");
    }
    oldStore(file, "2", rows);
    try (Store store = Store.open(file.toString())) {
      assertThat(store.audit().count()).isEqualTo(3);
      assertThat(store.audit().newestOfKey("ck_aaaaaaaaaaaa", 2))
          .extracting(AuditRow::latencyMicros)
          .containsExactly(102L, 101L);
    }
    // The key's rows are read through the index, newest first, without sorting them.
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement();
        java.sql.ResultSet plan =
            s.executeQuery(
                "EXPLAIN QUERY PLAN SELECT * FROM audit_log WHERE key_id = 'x'"
                    + " ORDER BY id DESC LIMIT 5")) {
      StringBuilder steps = new StringBuilder();
      while (plan.next()) {
        steps.append(plan.getString("detail")).append('\n');
      }
      assertThat(steps.toString()).contains("audit_log_by_key").doesNotContain("TEMP B-TREE");
    }
  }

  /**
   * Makes {@code file} a store as a corral that knew the migrations up to {@code version} left it,
   * with what {@code inserts} wrote into it.
   */
  private void oldStore(Path file, String version, List<String> inserts) throws Exception {
    Flyway.configure(getClass().getClassLoader())
        .dataSource("jdbc:sqlite:" + file, null, null)
        .locations("classpath:db/migration/sqlite")
        .table(Migrations.HISTORY_TABLE)
        .target(version)
        .loggers("slf4j")
        .load()
        .migrate();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      for (String insert : inserts) {
        s.execute(insert);
      }
    }
  }
}
