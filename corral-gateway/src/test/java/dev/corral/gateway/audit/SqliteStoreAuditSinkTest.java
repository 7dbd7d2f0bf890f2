package dev.corral.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.gateway.auth.GatewayTestStores;
import dev.corral.store.Store;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoreAuditSinkTest extends StoreAuditSinkContract {
  @TempDir Path dir;

  @Override
  GatewayTestStores stores() {
    return GatewayTestStores.sqlite(dir);
  }

  @Test
  void recordNeverBlocksWhenTheDatabaseIsStuckAndDropsAreCounted() throws Exception {
    GatewayTestStores local = GatewayTestStores.sqlite(dir);
    String location = local.fresh();
    try (Store store = Store.open(location)) {
      StoreAuditSink sink = new StoreAuditSink(store, 100);
      int total = 10_000;
      try (Connection lock = local.connect(location);
          Statement s = lock.createStatement()) {
        // Another process holds SQLite's write lock: the writer waits (busy timeout) while the
        // queue fills up.
        s.execute("BEGIN EXCLUSIVE");
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
          sink.record(event(i));
        }
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(elapsedMillis).as("10,000 records with the database stuck").isLessThan(2_000);
        assertThat(sink.dropped()).isPositive();
        s.execute("COMMIT");
      }
      sink.close();
      assertThat(sink.failed()).isZero();
      assertThat(sink.written() + sink.dropped()).isEqualTo(total);
      assertThat(store.audit().count()).isEqualTo(sink.written());
    }
  }
}
