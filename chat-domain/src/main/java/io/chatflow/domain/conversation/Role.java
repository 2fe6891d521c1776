package io.chatflow.domain.conversation;

import io.chatflow.domain.InvalidException;
import java.util.Locale;

/** A member's role, strongest first. */
public enum Role {
  OWNER,
  ADMIN,
  MEMBER;

  // Computed once: stores parse roles and kinds on every row they read.
  private final String wireName = name().toLowerCase(Locale.ROOT);

  public String wireName() {
    return wireName;
  }

  public boolean atLeast(Role other) {
    return ordinal() <= other.ordinal();
  }

  public static Role parse(String raw, String field) {
    if (raw == null) {
      throw InvalidException.of(field, "is required");
    }
    for (Role r : values()) {
      if (r.wireName().equals(raw)) {
        return r;
      }
    }
    throw InvalidException.of(field, "must be owner, admin or member");
  }
}
