package dev.corral.store;

class PostgresGatewayTablesTest extends GatewayTablesContract {
  @Override
  TestDatabases databases() {
    return TestDatabases.postgres();
  }
}
