package io.chatflow.ports.out;

import io.chatflow.domain.user.SessionId;
import io.chatflow.domain.user.UserId;
import java.util.Objects;

/**
 * Sessions of one user that just ended: one of them ({@code only}), or all of them but
 * {@code except} (null: all). What every node needs to close the streams opened in them.
 * {@link #unknown} (no user) says that news of ends may have been lost (a cluster bus that
 * reconnected): every watched session is checked against the store.
 */
public record SessionsEnded(UserId user, SessionId only, SessionId except) {
  private static final SessionsEnded UNKNOWN = new SessionsEnded(null, null, null);

  public SessionsEnded {
    if (user == null && (only != null || except != null)) {
      throw new NullPointerException("user");
    }
  }

  /** Any session may have ended unheard of. */
  public static SessionsEnded unknown() {
    return UNKNOWN;
  }

  public boolean isUnknown() {
    return user == null;
  }

  public static SessionsEnded one(UserId user, SessionId session) {
    return new SessionsEnded(user, Objects.requireNonNull(session, "session"), null);
  }

  public static SessionsEnded allBut(UserId user, SessionId except) {
    return new SessionsEnded(user, null, except);
  }

  public boolean covers(UserId owner, SessionId session) {
    if (user == null || !user.equals(owner)) {
      return false;
    }
    return only != null ? only.equals(session) : !session.equals(except);
  }
}
