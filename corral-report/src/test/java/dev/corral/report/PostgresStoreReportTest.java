package dev.corral.report;

class PostgresStoreReportTest extends StoreReportContract {
  @Override
  TestStores stores() {
    return TestStores.postgres();
  }
}
