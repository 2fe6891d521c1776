package io.chatflow.domain.user;

import java.time.Instant;
import java.util.Objects;

/**
 * One login. Its refresh token is rotated on every use and kept only as a hash;
 * presenting a token the session had before (a reuse) ends the session.
 */
public record Session(
    SessionId id, UserId userId, String refreshTokenHash, Instant createdAt, Instant expiresAt, boolean revoked) {
  public Session {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(refreshTokenHash, "refreshTokenHash");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  public boolean isActive(Instant now) {
    return !revoked && now.isBefore(expiresAt);
  }

  public Session rotated(String newRefreshTokenHash, Instant newExpiresAt) {
    return new Session(id, userId, newRefreshTokenHash, createdAt, newExpiresAt, revoked);
  }

  public Session ended() {
    return new Session(id, userId, refreshTokenHash, createdAt, expiresAt, true);
  }
}
