package dev.corral.gateway.audit;

import dev.corral.gateway.auth.GatewayTestStores;

class PostgresStoreAuditSinkTest extends StoreAuditSinkContract {
  @Override
  GatewayTestStores stores() {
    return GatewayTestStores.postgres();
  }
}
