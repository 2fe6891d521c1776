package io.chatflow.adapter.postgres;

import io.chatflow.ports.out.SigningKeyStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.Supplier;

/** The signing key in {@code signing_keys}: the first node stores its candidate, every later one reads it. */
final class PostgresSigningKeys implements SigningKeyStore {
  private static final String CURRENT = "current";
  private static final String INSERT = "INSERT INTO signing_keys (id, private_jwk) VALUES (?, ?) ON CONFLICT (id) DO NOTHING";
  private static final String READ = "SELECT private_jwk FROM signing_keys WHERE id = ?";

  private final Database db;

  PostgresSigningKeys(Database db) {
    this.db = db;
  }

  @Override
  public String key(Supplier<String> candidate) {
    try (Connection c = db.borrow()) {
      String stored = read(c);
      if (stored != null) {
        return stored;
      }
      // the primary key settles a race: the loser's insert does nothing and it reads the winner's key
      try (PreparedStatement insert = c.prepareStatement(INSERT)) {
        insert.setString(1, CURRENT);
        insert.setString(2, candidate.get());
        insert.executeUpdate();
      }
      return read(c);
    } catch (SQLException e) {
      throw Failures.of(e);
    }
  }

  private static String read(Connection c) throws SQLException {
    try (PreparedStatement read = c.prepareStatement(READ)) {
      read.setString(1, CURRENT);
      try (ResultSet rs = read.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }
}
