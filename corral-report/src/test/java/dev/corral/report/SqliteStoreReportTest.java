package dev.corral.report;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoreReportTest extends StoreReportContract {
  @TempDir Path dir;

  @Override
  TestStores stores() {
    return TestStores.sqlite(dir);
  }
}
