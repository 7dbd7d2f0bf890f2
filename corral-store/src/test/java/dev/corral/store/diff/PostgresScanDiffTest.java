package dev.corral.store.diff;

import dev.corral.store.TestDatabases;

class PostgresScanDiffTest extends ScanDiffContract {
  @Override
  TestDatabases databases() {
    return TestDatabases.postgres();
  }
}
