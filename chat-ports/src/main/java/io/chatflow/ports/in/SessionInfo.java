package io.chatflow.ports.in;

import io.chatflow.domain.user.Session;
import io.chatflow.domain.user.SessionId;
import java.time.Instant;

/**
 * A live session as its owner sees it in their list. {@code lastUsedAt} is its last login or
 * refresh (an access token's use is not recorded: that would cost a write per request).
 */
public record SessionInfo(
    SessionId id, Instant createdAt, Instant lastUsedAt, String userAgent, String address, boolean current) {

  public static SessionInfo of(Session s, SessionId current) {
    return new SessionInfo(s.id(), s.createdAt(), s.lastUsedAt(), s.client().userAgent(), s.client().address(),
        s.id().equals(current));
  }
}
