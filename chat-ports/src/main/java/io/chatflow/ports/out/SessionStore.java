package io.chatflow.ports.out;

import io.chatflow.domain.user.Session;
import io.chatflow.domain.user.SessionId;
import io.chatflow.domain.user.UserId;
import java.util.Optional;

/** Login sessions, each holding the hash of its current refresh token. */
public interface SessionStore {
  /** Inserts or replaces by id. */
  void save(Session session);

  Optional<Session> findById(SessionId id);

  /** Revokes every session of {@code user} but {@code except} (null: all of them). */
  void revokeAll(UserId user, SessionId except);
}
