package dev.corral.store.diff;

import dev.corral.store.TestDatabases;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteScanDiffTest extends ScanDiffContract {
  @TempDir Path dir;

  @Override
  TestDatabases databases() {
    return TestDatabases.sqlite(dir);
  }
}
