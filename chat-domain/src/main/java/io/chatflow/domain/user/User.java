package io.chatflow.domain.user;

import java.time.Instant;
import java.util.Objects;

/** A person's public profile. */
public record User(UserId id, Username username, String displayName, Instant createdAt) {
  public User {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(displayName, "displayName");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  public User renamed(String newDisplayName) {
    return new User(id, username, DisplayName.requireValid(newDisplayName), createdAt);
  }
}
