package io.chatflow.domain.user;

import java.time.Instant;
import java.util.Objects;

/**
 * One login. Its refresh token is rotated on every use and kept only as a hash;
 * presenting a token the session had before (a reuse) ends the session. {@code expiresAt}
 * is when it stops being usable: the idle expiry, never past the absolute lifetime, and
 * the moment it ended once it has (so storage prunes by that one column).
 * {@code lastUsedAt} is its last login or refresh.
 */
public record Session(
    SessionId id, UserId userId, String refreshTokenHash, Instant createdAt, Instant expiresAt, boolean revoked,
    Instant lastUsedAt, SessionClient client) {
  public Session {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(refreshTokenHash, "refreshTokenHash");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(lastUsedAt, "lastUsedAt");
    Objects.requireNonNull(client, "client");
  }

  /** A session started now by {@code client}, expiring at {@code expiresAt}. */
  public static Session started(SessionId id, UserId userId, String refreshTokenHash, Instant now, Instant expiresAt,
      SessionClient client) {
    return new Session(id, userId, refreshTokenHash, now, expiresAt, false, now, client);
  }

  public boolean isActive(Instant now) {
    return !revoked && now.isBefore(expiresAt);
  }

  /** Used at {@code now}: a new refresh token and a later expiry. */
  public Session rotated(String newRefreshTokenHash, Instant now, Instant newExpiresAt) {
    return new Session(id, userId, newRefreshTokenHash, createdAt, newExpiresAt, revoked, now, client);
  }

  /** Ended at {@code at}: it expires then too (if not earlier), so pruning finds it. */
  public Session ended(Instant at) {
    Instant end = at.isBefore(expiresAt) ? at : expiresAt;
    return new Session(id, userId, refreshTokenHash, createdAt, end, true, lastUsedAt, client);
  }
}
