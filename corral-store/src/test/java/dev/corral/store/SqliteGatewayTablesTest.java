package dev.corral.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteGatewayTablesTest extends GatewayTablesContract {
  @TempDir Path dir;

  @Override
  TestDatabases databases() {
    return TestDatabases.sqlite(dir);
  }
}
