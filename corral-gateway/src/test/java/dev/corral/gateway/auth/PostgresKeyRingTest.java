package dev.corral.gateway.auth;

class PostgresKeyRingTest extends KeyRingContract {
  @Override
  GatewayTestStores stores() {
    return GatewayTestStores.postgres();
  }
}
