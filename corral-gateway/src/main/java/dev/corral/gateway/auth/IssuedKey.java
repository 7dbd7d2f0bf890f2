package dev.corral.gateway.auth;

import dev.corral.store.ApiKeyRow;

/**
 * A key just made: the only moment the key itself exists outside the client.
 *
 * @param key the key, to show once and forget
 * @param row what the store keeps of it
 */
public record IssuedKey(String key, ApiKeyRow row) {

  public String id() {
    return row.id();
  }

  /** Never shows the key. */
  @Override
  public String toString() {
    return "IssuedKey[" + row.id() + "]";
  }
}
