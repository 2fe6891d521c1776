package io.chatflow.adapter.postgres;

import io.chatflow.domain.user.Session;
import io.chatflow.domain.user.SessionClient;
import io.chatflow.domain.user.SessionId;
import io.chatflow.domain.user.UserId;
import io.chatflow.ports.out.SessionStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

// Inside a write, a session is read FOR UPDATE: two refreshes with one token queue, and the
// second sees the rotation of the first.
final class PostgresSessionStore implements SessionStore {
  private static final String COLUMNS = "s.id, s.user_id, s.refresh_token_hash, s.created_at, s.expires_at, s.revoked,"
      + " s.last_used_at, s.user_agent, s.address";
  private static final String SAVE = """
      INSERT INTO sessions (id, user_id, refresh_token_hash, created_at, expires_at, revoked, last_used_at, user_agent,
        address)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (id) DO UPDATE SET user_id = excluded.user_id, refresh_token_hash = excluded.refresh_token_hash,
        created_at = excluded.created_at, expires_at = excluded.expires_at, revoked = excluded.revoked,
        last_used_at = excluded.last_used_at, user_agent = excluded.user_agent, address = excluded.address""";
  private static final String REMEMBER_TOKEN =
      "INSERT INTO session_tokens (token_hash, session_id) VALUES (?, ?) ON CONFLICT (token_hash) DO NOTHING";
  private static final String BY_ID = "SELECT " + COLUMNS + " FROM sessions s WHERE s.id = ?";
  private static final String BY_TOKEN = "SELECT " + COLUMNS
      + " FROM session_tokens t JOIN sessions s ON s.id = t.session_id WHERE t.token_hash = ?";
  private static final String FOR_UPDATE = " FOR NO KEY UPDATE OF s";
  private static final String REVOKE_ALL = "UPDATE sessions SET revoked = TRUE, expires_at = LEAST(expires_at, ?)"
      + " WHERE user_id = ? AND id IS DISTINCT FROM ? AND NOT revoked";
  // ids in code point order ("C"), whatever the database's collation: the order the cursor names
  private static final String ACTIVE = "SELECT " + COLUMNS + """
       FROM sessions s
      WHERE s.user_id = ? AND NOT s.revoked AND s.expires_at > ? AND (s.created_at, s.id COLLATE "C") < (?, ?)
      ORDER BY s.created_at DESC, s.id COLLATE "C" DESC LIMIT ?""";
  // several nodes prune at once: each takes sessions no other is deleting
  private static final String EXPIRED =
      "SELECT id FROM sessions WHERE expires_at <= ? ORDER BY expires_at LIMIT ? FOR UPDATE SKIP LOCKED";
  private static final String FORGET_TOKENS = "DELETE FROM session_tokens WHERE session_id = ANY (?)";
  private static final String DELETE = "DELETE FROM sessions WHERE id = ANY (?)";

  private final Database db;

  PostgresSessionStore(Database db) {
    this.db = db;
  }

  @Override
  public void save(Session session) {
    db.change(tx -> {
      tx.update(SAVE, session.id().value(), session.userId().value(), session.refreshTokenHash(),
          session.createdAt(), session.expiresAt(), session.revoked(), session.lastUsedAt(),
          text(session.client().userAgent()), text(session.client().address()));
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
  public void revokeAll(UserId user, SessionId except, Instant at) {
    db.change(tx -> tx.update(REVOKE_ALL, at, user.value(), except == null ? Tx.NULL_TEXT : except.value()));
  }

  @Override
  public List<Session> findActive(UserId user, Instant now, Position after, int limit) {
    // the first page starts below every real position: ids are never empty, times never Long.MAX_VALUE
    Object createdAt = after == null ? Long.MAX_VALUE : after.createdAt();
    String id = after == null ? "" : after.id().value();
    return db.query(tx -> tx.list(ACTIVE, PostgresSessionStore::session, user.value(), now, createdAt, id, limit));
  }

  @Override
  public int prune(Instant before, int limit) {
    return db.change(tx -> {
      String[] gone = tx.list(EXPIRED, rs -> rs.getString(1), before, limit).toArray(String[]::new);
      if (gone.length == 0) {
        return 0;
      }
      tx.update(FORGET_TOKENS, (Object) gone);
      return tx.update(DELETE, (Object) gone);
    });
  }

  private static Object text(String value) {
    return value == null ? Tx.NULL_TEXT : value;
  }

  /** Reads the columns in {@link #COLUMNS} order. */
  private static Session session(ResultSet rs) throws SQLException {
    return new Session(new SessionId(rs.getString(1)), new UserId(rs.getString(2)), rs.getString(3),
        Times.instant(rs.getLong(4)), Times.instant(rs.getLong(5)), rs.getBoolean(6), Times.instant(rs.getLong(7)),
        new SessionClient(rs.getString(8), rs.getString(9)));
  }
}
