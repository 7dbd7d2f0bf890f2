package dev.corral.gateway;

import dev.corral.gateway.audit.AuditSink;
import dev.corral.gateway.audit.StoreAuditSink;
import dev.corral.gateway.auth.KeyException;
import dev.corral.gateway.auth.KeyRing;
import dev.corral.gateway.config.GatewayConfig;
import dev.corral.gateway.http.GatewayStartException;
import dev.corral.gateway.limit.LocalLimiter;
import dev.corral.gateway.policy.OllamaPolicy;
import dev.corral.store.Store;
import dev.corral.store.StoreException;
import java.util.ArrayList;
import java.util.List;

/**
 * The standard parts of a gateway: keys from the store (refreshed every half second, so a
 * revocation takes effect within a second), the Ollama policy, the local limiter, and the store's
 * audit table when {@code audit.store} is on.
 */
public final class GatewayAssembly {
  private GatewayAssembly() {}

  /**
   * Opens the store and builds the parts.
   *
   * @param defaultDb the store to use when the config names none (the data directory's database)
   * @throws GatewayStartException when the store or its keys cannot be opened
   */
  public static GatewayParts standard(GatewayConfig config, String defaultDb) {
    String location = config.db() != null ? config.db() : defaultDb;
    Store store;
    try {
      store = Store.open(location);
    } catch (StoreException e) {
      throw new GatewayStartException(
          "cannot open the store " + location + ": " + e.getMessage(), e);
    }
    KeyRing keys;
    try {
      keys = KeyRing.open(store, KeyRing.DEFAULT_REFRESH);
    } catch (KeyException | StoreException e) {
      store.close();
      throw new GatewayStartException("cannot load the API keys: " + e.getMessage(), e);
    }
    List<AuditSink> sinks = new ArrayList<>();
    if (config.audit().store()) {
      sinks.add(new StoreAuditSink(store));
    }
    return new GatewayParts(
        keys,
        new LocalLimiter(config.limits().maxStreamsPerKey(), config.limits().maxStreams()),
        new OllamaPolicy(config.policy()),
        sinks,
        List.of(keys, store));
  }
}
