package io.chatflow.ports.in;

import io.chatflow.domain.Page;
import io.chatflow.domain.user.SessionClient;
import io.chatflow.domain.user.SessionId;
import io.chatflow.domain.user.UserId;

/** Login sessions with rotating refresh tokens. */
public interface Sessions {
  /**
   * Checks the password and starts a session of {@code client}; wrong credentials, and the
   * right ones of a deactivated account, are UnauthenticatedException.
   */
  Login login(String username, String password, SessionClient client);

  /** A login from a client that is not known (the embedded library, a test). */
  default Login login(String username, String password) {
    return login(username, password, SessionClient.UNKNOWN);
  }

  /**
   * Rotates the refresh token. A token that was already rotated away ends the whole
   * session (it was stolen or replayed); an unknown, revoked or expired one is
   * UnauthenticatedException.
   */
  Login refresh(String refreshToken);

  /** Ends the session of this refresh token; unknown tokens are ignored. */
  void revoke(String refreshToken);

  /**
   * The user's live sessions, newest first; {@code current} (may be null) is marked as the
   * caller's own.
   */
  Page<SessionInfo> list(UserId user, SessionId current, String cursor, Integer limit);

  /**
   * Ends one of the user's sessions: its refresh token fails, its access tokens are refused,
   * its watches fire. A session of someone else, an unknown or an ended one is NotFoundException.
   */
  void end(UserId user, SessionId session);

  /** Whether access tokens of this session are still honoured. */
  boolean isActive(SessionId session);

  /**
   * Runs {@code ended} once, on a core thread, when the session ends on any node (revoked,
   * ended from the list, its refresh token replayed, the password changed, the account
   * deactivated, its lifetime over), or soon if it
   * already has. What a stream opened in the session uses to close itself.
   */
  Watch watch(UserId user, SessionId session, Runnable ended);

  /**
   * Runs {@code listener} whenever sessions end, anywhere, before the write that ended them
   * returns to its caller: for caches of {@link #isActive}. It must not block.
   */
  Watch watchEnds(Runnable listener);

  /** A watch; closing it twice does nothing. */
  interface Watch extends AutoCloseable {
    @Override
    void close();
  }
}
