package io.chatflow.domain.user;

import java.util.Objects;

/** An opaque user id. */
public record UserId(String value) {
  public UserId {
    Objects.requireNonNull(value, "value");
  }

  @Override
  public String toString() {
    return value;
  }
}
