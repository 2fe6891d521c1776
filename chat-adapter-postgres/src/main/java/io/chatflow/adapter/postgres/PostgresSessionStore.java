package io.chatflow.adapter.postgres;

import io.chatflow.domain.user.Session;
import io.chatflow.domain.user.SessionId;
import io.chatflow.domain.user.UserId;
import io.chatflow.ports.out.SessionStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

// Inside a write, a session is read FOR UPDATE: two refreshes with one token queue, and the
// second sees the rotation of the first.
final class PostgresSessionStore implements SessionStore {
  private static final String COLUMNS = "s.id, s.user_id, s.refresh_token_hash, s.created_at, s.expires_at, s.revoked";
  private static final String SAVE = """
      INSERT INTO sessions (id, user_id, refresh_token_hash, created_at, expires_at, revoked)
      VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (id) DO UPDATE SET user_id = excluded.user_id, refresh_token_hash = excluded.refresh_token_hash,
        created_at = excluded.created_at, expires_at = excluded.expires_at, revoked = excluded.revoked""";
  private static final String REMEMBER_TOKEN =
      "INSERT INTO session_tokens (token_hash, session_id) VALUES (?, ?) ON CONFLICT (token_hash) DO NOTHING";
  private static final String BY_ID = "SELECT " + COLUMNS + " FROM sessions s WHERE s.id = ?";
  private static final String BY_TOKEN = "SELECT " + COLUMNS
      + " FROM session_tokens t JOIN sessions s ON s.id = t.session_id WHERE t.token_hash = ?";
  private static final String FOR_UPDATE = " FOR NO KEY UPDATE OF s";
  private static final String REVOKE_ALL =
      "UPDATE sessions SET revoked = TRUE WHERE user_id = ? AND id IS DISTINCT FROM ? AND NOT revoked";

  private final Database db;

  PostgresSessionStore(Database db) {
    this.db = db;
  }

  @Override
  public void save(Session session) {
    db.change(tx -> {
      tx.update(SAVE, session.id().value(), session.userId().value(), session.refreshTokenHash(),
          session.createdAt(), session.expiresAt(), session.revoked());
      return tx.update(REMEMBER_TOKEN, session.refreshTokenHash(), session.id().value());
    });
  }

  @Override
  public Optional<Session> findById(SessionId id) {
    return db.query(tx -> tx.one(tx.writable() ? BY_ID + FOR_UPDATE : BY_ID, PostgresSessionStore::session,
        id.value()));
  }

  @Override
  public Optional<Session> findByTokenHash(String refreshTokenHash) {
    return db.query(tx -> tx.one(tx.writable() ? BY_TOKEN + FOR_UPDATE : BY_TOKEN, PostgresSessionStore::session,
        refreshTokenHash));
  }

  @Override
  public void revokeAll(UserId user, SessionId except) {
    db.change(tx -> tx.update(REVOKE_ALL, user.value(), except == null ? Tx.NULL_TEXT : except.value()));
  }

  /** Reads the columns in {@link #COLUMNS} order. */
  private static Session session(ResultSet rs) throws SQLException {
    return new Session(new SessionId(rs.getString(1)), new UserId(rs.getString(2)), rs.getString(3),
        Times.instant(rs.getLong(4)), Times.instant(rs.getLong(5)), rs.getBoolean(6));
  }
}
