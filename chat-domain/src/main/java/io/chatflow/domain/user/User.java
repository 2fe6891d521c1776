package io.chatflow.domain.user;

import java.time.Instant;
import java.util.Objects;

/**
 * A person's public profile. A deactivated user can no longer log in, but keeps their
 * username and stays the sender of their messages.
 */
public record User(UserId id, Username username, String displayName, Instant createdAt, boolean deactivated) {
  public User {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(displayName, "displayName");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /** A new, active user. */
  public static User registered(UserId id, Username username, String displayName, Instant createdAt) {
    return new User(id, username, displayName, createdAt, false);
  }

  public User renamed(String newDisplayName) {
    return new User(id, username, DisplayName.requireValid(newDisplayName), createdAt, deactivated);
  }

  public User deactivate() {
    return new User(id, username, displayName, createdAt, true);
  }
}
