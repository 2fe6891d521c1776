package io.chatflow.ports.in;

import io.chatflow.domain.user.SessionId;

/** Login sessions with rotating refresh tokens. */
public interface Sessions {
  /** Checks the password and starts a session; wrong credentials are UnauthenticatedException. */
  Login login(String username, String password);

  /**
   * Rotates the refresh token. A token that was already rotated away ends the whole
   * session (it was stolen or replayed); an unknown, revoked or expired one is
   * UnauthenticatedException.
   */
  Login refresh(String refreshToken);

  /** Ends the session of this refresh token; unknown tokens are ignored. */
  void revoke(String refreshToken);

  /** Whether access tokens of this session are still honoured. */
  boolean isActive(SessionId session);
}
