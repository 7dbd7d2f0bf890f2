package dev.corral.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class PostgresStoreTest extends StoreContract {
  @Override
  TestDatabases databases() {
    return TestDatabases.postgres();
  }

  @Test
  void corralsTablesGoBesideAnApplicationsOwn() throws Exception {
    try (TestDatabases databases = TestDatabases.postgres()) {
      String location = databases.fresh();
      String schema = location.substring(location.indexOf("currentSchema=") + 14);
      try (Connection c = databases.connect(TestDatabases.POSTGRES);
          Statement s = c.createStatement()) {
        s.execute("CREATE SCHEMA " + schema);
        s.execute("CREATE TABLE " + schema + ".invoices (id INT PRIMARY KEY)");
        s.execute("INSERT INTO " + schema + ".invoices VALUES (7)");
      }
      try (Store store = Store.open(location)) {
        store.finishScan(store.beginScan("beside invoices"), ScanStatus.FINISHED);
      }
      try (Store again = Store.open(location);
          Connection c = databases.connect(location);
          Statement s = c.createStatement();
          ResultSet invoices = s.executeQuery("SELECT id FROM invoices")) {
        assertThat(again.scans()).hasSize(1);
        assertThat(invoices.next()).isTrue();
        assertThat(invoices.getInt(1)).isEqualTo(7);
      }
    }
  }
}
