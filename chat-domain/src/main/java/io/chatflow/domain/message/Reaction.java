package io.chatflow.domain.message;

import io.chatflow.domain.user.UserId;
import java.util.List;
import java.util.Objects;

/** One emoji on a message and who reacted with it, in the order they did. */
public record Reaction(String emoji, List<UserId> users) {
  public Reaction {
    Objects.requireNonNull(emoji, "emoji");
    users = List.copyOf(users);
  }

  public int count() {
    return users.size();
  }

  public boolean by(UserId user) {
    return users.contains(user);
  }
}
