package io.chatflow.adapter.sqlite;

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

final class SqliteSessionStore implements SessionStore {
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
  private static final String REVOKE_ALL = "UPDATE sessions SET revoked = 1, expires_at = MIN(expires_at, ?)"
      + " WHERE user_id = ? AND id IS NOT ? AND revoked = 0";
  private static final String ACTIVE = "SELECT " + COLUMNS + """
       FROM sessions s
      WHERE s.user_id = ?1 AND s.revoked = 0 AND s.expires_at > ?2 AND (s.created_at, s.id) < (?3, ?4)
      ORDER BY s.created_at DESC, s.id DESC LIMIT ?5""";
  private static final String EXPIRED = "SELECT id FROM sessions WHERE expires_at <= ? ORDER BY expires_at LIMIT ?";
  private static final String FORGET_TOKENS = "DELETE FROM session_tokens WHERE session_id IN (SELECT value FROM json_each(?))";
  private static final String DELETE = "DELETE FROM sessions WHERE id IN (SELECT value FROM json_each(?))";

  /** Every statement of this store, for the query-plan test. */
  static final List<String> STATEMENTS =
      List.of(SAVE, REMEMBER_TOKEN, BY_ID, BY_TOKEN, REVOKE_ALL, ACTIVE, EXPIRED, FORGET_TOKENS, DELETE);

  private final Database db;

  SqliteSessionStore(Database db) {
    this.db = db;
  }

  @Override
  public void save(Session session) {
    db.change(tx -> {
      tx.update(SAVE, session.id().value(), session.userId().value(), session.refreshTokenHash(),
          session.createdAt(), session.expiresAt(), session.revoked(), session.lastUsedAt(),
          session.client().userAgent(), session.client().address());
      return tx.update(REMEMBER_TOKEN, session.refreshTokenHash(), session.id().value());
    });
  }

  @Override
  public Optional<Session> findById(SessionId id) {
    return db.query(tx -> tx.one(BY_ID, SqliteSessionStore::session, id.value()));
  }

  @Override
  public Optional<Session> findByTokenHash(String refreshTokenHash) {
    return db.query(tx -> tx.one(BY_TOKEN, SqliteSessionStore::session, refreshTokenHash));
  }

  @Override
  public void revokeAll(UserId user, SessionId except, Instant at) {
    db.change(tx -> tx.update(REVOKE_ALL, at, user.value(), except == null ? null : except.value()));
  }

  @Override
  public List<Session> findActive(UserId user, Instant now, Position after, int limit) {
    // the first page starts below every real position: ids are never empty, times never Long.MAX_VALUE
    Object createdAt = after == null ? Long.MAX_VALUE : after.createdAt();
    String id = after == null ? "" : after.id().value();
    return db.query(tx -> tx.list(ACTIVE, SqliteSessionStore::session, user.value(), now, createdAt, id, limit));
  }

  @Override
  public int prune(Instant before, int limit) {
    return db.change(tx -> {
      List<String> gone = tx.list(EXPIRED, rs -> rs.getString(1), before, limit);
      if (gone.isEmpty()) {
        return 0;
      }
      String ids = JsonArrays.of(gone);
      tx.update(FORGET_TOKENS, ids);
      return tx.update(DELETE, ids);
    });
  }

  /** Reads the columns in {@link #COLUMNS} order. */
  private static Session session(ResultSet rs) throws SQLException {
    return new Session(new SessionId(rs.getString(1)), new UserId(rs.getString(2)), rs.getString(3),
        Times.instant(rs.getLong(4)), Times.instant(rs.getLong(5)), rs.getInt(6) != 0, Times.instant(rs.getLong(7)),
        new SessionClient(rs.getString(8), rs.getString(9)));
  }
}
