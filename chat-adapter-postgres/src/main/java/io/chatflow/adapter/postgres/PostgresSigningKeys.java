package io.chatflow.adapter.postgres;

import io.chatflow.ports.out.SigningKeyStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/**
 * The signing keys in {@code signing_keys}: the first node stores the first, a rotation adds more.
 * (The one key of a schema from before rotation has the id "current".)
 */
final class PostgresSigningKeys implements SigningKeyStore {
  private static final String INSERT =
      "INSERT INTO signing_keys (id, private_jwk, created_at) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING";
  private static final String ALL = "SELECT id, private_jwk, created_at FROM signing_keys ORDER BY added_order DESC";
  private static final String DELETE = "DELETE FROM signing_keys WHERE id = ANY (?)";

  private final Database db;

  PostgresSigningKeys(Database db) {
    this.db = db;
  }

  @Override
  public List<StoredKey> keys(Supplier<StoredKey> first) {
    try (Connection c = db.borrow()) {
      List<StoredKey> stored = all(c);
      if (!stored.isEmpty()) {
        return stored;
      }
      insert(c, first.get()); // a racing node's insert of the same id does nothing
      return all(c);
    } catch (SQLException e) {
      throw Failures.of(e);
    }
  }

  @Override
  public void add(StoredKey key) {
    try (Connection c = db.borrow()) {
      insert(c, key);
    } catch (SQLException e) {
      throw Failures.of(e);
    }
  }

  @Override
  public void remove(Collection<String> ids) {
    try (Connection c = db.borrow(); PreparedStatement delete = c.prepareStatement(DELETE)) {
      delete.setArray(1, c.createArrayOf("text", ids.toArray()));
      delete.executeUpdate();
    } catch (SQLException e) {
      throw Failures.of(e);
    }
  }

  private static void insert(Connection c, StoredKey key) throws SQLException {
    try (PreparedStatement insert = c.prepareStatement(INSERT)) {
      insert.setString(1, key.id());
      insert.setString(2, key.key());
      insert.setObject(3, OffsetDateTime.ofInstant(key.addedAt(), ZoneOffset.UTC));
      insert.executeUpdate();
    }
  }

  private static List<StoredKey> all(Connection c) throws SQLException {
    List<StoredKey> keys = new ArrayList<>();
    try (PreparedStatement read = c.prepareStatement(ALL); ResultSet rs = read.executeQuery()) {
      while (rs.next()) {
        keys.add(new StoredKey(rs.getString(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class).toInstant()));
      }
    }
    return keys;
  }
}
