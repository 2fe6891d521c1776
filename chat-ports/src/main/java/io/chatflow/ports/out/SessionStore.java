package io.chatflow.ports.out;

import io.chatflow.domain.user.Session;
import io.chatflow.domain.user.SessionId;
import io.chatflow.domain.user.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
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

  /**
   * Ends, as of {@code at} (see {@link Session#ended}), every session of {@code user} but
   * {@code except} (null: all of them) that has not ended yet.
   */
  void revokeAll(UserId user, SessionId except, Instant at);

  /**
   * The sessions of {@code user} active at {@code now}, newest first (by creation, then id,
   * both descending), from just after {@code after} (null: the newest), at most {@code limit}.
   */
  List<Session> findActive(UserId user, Instant now, Position after, int limit);

  /**
   * Deletes, with their tokens, up to {@code limit} sessions that expired or ended at or
   * before {@code before}; returns how many it deleted.
   */
  int prune(Instant before, int limit);

  /** Where a page of {@link #findActive} ended. */
  record Position(Instant createdAt, SessionId id) {
    public Position {
      Objects.requireNonNull(createdAt, "createdAt");
      Objects.requireNonNull(id, "id");
    }

    public static Position of(Session s) {
      return new Position(s.createdAt(), s.id());
    }

    /** Whether {@code s} comes after this position in newest-first order. */
    public boolean precedes(Session s) {
      int byTime = s.createdAt().compareTo(createdAt);
      return byTime < 0 || (byTime == 0 && s.id().value().compareTo(id.value()) < 0);
    }
  }
}
