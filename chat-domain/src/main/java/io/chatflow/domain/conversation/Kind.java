package io.chatflow.domain.conversation;

import io.chatflow.domain.InvalidException;
import java.util.Locale;

/** Direct: exactly two people, unique per pair. Group: a titled room with roles. */
public enum Kind {
  DIRECT,
  GROUP;

  // Computed once: stores parse roles and kinds on every row they read.
  private final String wireName = name().toLowerCase(Locale.ROOT);

  public String wireName() {
    return wireName;
  }

  public static Kind parse(String raw) {
    if (raw == null) {
      throw InvalidException.of("kind", "is required");
    }
    for (Kind k : values()) {
      if (k.wireName().equals(raw)) {
        return k;
      }
    }
    throw InvalidException.of("kind", "must be direct or group");
  }
}
