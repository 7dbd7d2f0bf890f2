package dev.corral.gateway.auth;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteKeyRingTest extends KeyRingContract {
  @TempDir Path dir;

  @Override
  GatewayTestStores stores() {
    return GatewayTestStores.sqlite(dir);
  }
}
