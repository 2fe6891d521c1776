package io.chatflow.domain.user;

import java.util.Objects;

/** An opaque id of one login session. */
public record SessionId(String value) {
  public SessionId {
    Objects.requireNonNull(value, "value");
  }

  @Override
  public String toString() {
    return value;
  }
}
