package io.chatflow.ports.out;

import io.chatflow.domain.user.Session;
import io.chatflow.domain.user.SessionId;
import io.chatflow.domain.user.UserId;
import java.util.Optional;

/**
 * Login sessions. A session's refresh token rotates; the store keeps the hash of
 * every token a session ever had, so a token that was rotated away is still
 * recognised (its reuse ends the session) while only the current one is valid.
 */
public interface SessionStore {
  /** Inserts or replaces by id, and remembers {@code session.refreshTokenHash()} as one of its tokens. */
  void save(Session session);

  Optional<Session> findById(SessionId id);

  /** The session that has, or once had, a refresh token with this hash. */
  Optional<Session> findByTokenHash(String refreshTokenHash);

  /** Revokes every session of {@code user} but {@code except} (null: all of them). */
  void revokeAll(UserId user, SessionId except);
}
