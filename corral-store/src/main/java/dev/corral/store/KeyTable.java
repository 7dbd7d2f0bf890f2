package dev.corral.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The gateway's API keys ({@code api_keys}), their change counter ({@code key_changes}) and the
 * gateway's shared secrets ({@code gateway_secret}). Every change to a key raises the counter in
 * the same transaction, so a gateway that polls {@link #changes()} sees each change exactly when it
 * is visible. Get one from {@link Store#keys()}; safe to use from many threads.
 */
public final class KeyTable {
  private static final String COLUMNS =
      "id, name, role, models, rpm, tokens_per_day, key_hash, created_at, expires_at, revoked_at,"
          + " rotated_from";

  private final Database db;

  KeyTable(Database db) {
    this.db = db;
  }

  /**
   * Stores a new key.
   *
   * @throws StoreException when a key with the same id or hash exists, or the database fails
   */
  public void insert(ApiKeyRow row) {
    Objects.requireNonNull(row, "row");
    inTransaction(
        "store key " + row.id(),
        c -> {
          insert(c, row);
          bump(c);
          return null;
        });
  }

  /** Every key, revoked and expired ones included, oldest first. */
  public List<ApiKeyRow> all() {
    try (Connection c = db.pool().getConnection();
        PreparedStatement select =
            c.prepareStatement("SELECT " + COLUMNS + " FROM api_keys ORDER BY created_at, id");
        ResultSet rows = select.executeQuery()) {
      List<ApiKeyRow> keys = new ArrayList<>();
      while (rows.next()) {
        keys.add(read(rows));
      }
      return List.copyOf(keys);
    } catch (SQLException e) {
      throw db.failure("read the API keys", e);
    }
  }

  /** The key with this id, if there is one. */
  public Optional<ApiKeyRow> find(String id) {
    try (Connection c = db.pool().getConnection()) {
      return find(c, id);
    } catch (SQLException e) {
      throw db.failure("read key " + id, e);
    }
  }

  /**
   * Revokes a key.
   *
   * @return false when there is no such key or it was already revoked (its first revocation time is
   *     kept)
   */
  public boolean revoke(String id, Instant at) {
    Objects.requireNonNull(at, "at");
    return inTransaction(
        "revoke key " + id,
        c -> {
          try (PreparedStatement update =
              c.prepareStatement(
                  "UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")) {
            db.dialect().setInstant(update, 1, at);
            update.setString(2, id);
            if (update.executeUpdate() != 1) {
              return false;
            }
          }
          bump(c);
          return true;
        });
  }

  /**
   * Replaces a live key by a new one in one transaction: the new row is stored and the old one
   * revoked at {@code at}, so there is no moment with both or neither.
   *
   * @throws StoreException when {@code oldId} names no key, or a revoked one
   */
  public void rotate(String oldId, ApiKeyRow replacement, Instant at) {
    Objects.requireNonNull(replacement, "replacement");
    Objects.requireNonNull(at, "at");
    inTransaction(
        "rotate key " + oldId,
        c -> {
          try (PreparedStatement update =
              c.prepareStatement(
                  "UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")) {
            db.dialect().setInstant(update, 1, at);
            update.setString(2, oldId);
            if (update.executeUpdate() != 1) {
              throw find(c, oldId).isPresent()
                  ? new StoreException("key " + oldId + " is revoked: it cannot be rotated")
                  : new StoreException("no key " + oldId + " in " + db.display());
            }
          }
          insert(c, replacement);
          bump(c);
          return null;
        });
  }

  /**
   * A number that moves whenever a key is added, revoked or rotated: cheap to read (one row), so a
   * gateway can poll it often and reload the keys only when it changed.
   */
  public long changes() {
    try (Connection c = db.pool().getConnection();
        Statement s = c.createStatement();
        ResultSet rows = s.executeQuery("SELECT counter FROM key_changes WHERE id = 1")) {
      return rows.next() ? rows.getLong(1) : 0;
    } catch (SQLException e) {
      throw db.failure("read the key change counter", e);
    }
  }

  /**
   * A secret shared by every gateway on this store: the stored value of {@code name}, storing
   * {@code valueIfAbsent} first when there is none. When several gateways start at once, all of
   * them get the value that was stored first.
   */
  public String secret(String name, String valueIfAbsent) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(valueIfAbsent, "valueIfAbsent");
    try (Connection c = db.pool().getConnection()) {
      try (PreparedStatement insert =
          c.prepareStatement(
              "INSERT INTO gateway_secret (name, value, created_at) VALUES (?, ?, ?)"
                  + " ON CONFLICT (name) DO NOTHING")) {
        insert.setString(1, name);
        insert.setString(2, valueIfAbsent);
        db.dialect().setInstant(insert, 3, Dialect.now());
        insert.executeUpdate();
      }
      try (PreparedStatement select =
          c.prepareStatement("SELECT value FROM gateway_secret WHERE name = ?")) {
        select.setString(1, name);
        try (ResultSet rows = select.executeQuery()) {
          if (!rows.next()) {
            throw new SQLException("the secret just stored is missing");
          }
          return rows.getString(1);
        }
      }
    } catch (SQLException e) {
      throw db.failure("read the gateway secret " + name, e);
    }
  }

  /** The stored value of a shared secret, if one was stored. */
  public Optional<String> secret(String name) {
    Objects.requireNonNull(name, "name");
    try (Connection c = db.pool().getConnection();
        PreparedStatement select =
            c.prepareStatement("SELECT value FROM gateway_secret WHERE name = ?")) {
      select.setString(1, name);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw db.failure("read the gateway secret " + name, e);
    }
  }

  private Optional<ApiKeyRow> find(Connection c, String id) throws SQLException {
    try (PreparedStatement select =
        c.prepareStatement("SELECT " + COLUMNS + " FROM api_keys WHERE id = ?")) {
      select.setString(1, id);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? Optional.of(read(rows)) : Optional.empty();
      }
    }
  }

  private void insert(Connection c, ApiKeyRow row) throws SQLException {
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO api_keys (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, row.id());
      insert.setString(2, row.name());
      insert.setString(3, row.role());
      insert.setString(4, String.join(",", row.models()));
      insert.setInt(5, row.rpm());
      insert.setLong(6, row.tokensPerDay());
      insert.setString(7, row.keyHash());
      db.dialect().setInstant(insert, 8, row.createdAt());
      db.dialect().setInstant(insert, 9, row.expiresAt());
      db.dialect().setInstant(insert, 10, row.revokedAt());
      insert.setString(11, row.rotatedFrom());
      insert.executeUpdate();
    }
  }

  private static void bump(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.executeUpdate("UPDATE key_changes SET counter = counter + 1 WHERE id = 1");
    }
  }

  private ApiKeyRow read(ResultSet rows) throws SQLException {
    String models = rows.getString("models");
    return new ApiKeyRow(
        rows.getString("id"),
        rows.getString("name"),
        rows.getString("role"),
        models.isEmpty() ? List.of() : Arrays.asList(models.split(",", -1)),
        rows.getInt("rpm"),
        rows.getLong("tokens_per_day"),
        rows.getString("key_hash"),
        db.dialect().getInstant(rows, "created_at"),
        db.dialect().getInstant(rows, "expires_at"),
        db.dialect().getInstant(rows, "revoked_at"),
        rows.getString("rotated_from"));
  }

  private interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private <T> T inTransaction(String doing, Work<T> work) {
    try (Connection c = db.pool().getConnection()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw db.failure(doing, e);
    }
  }
}
