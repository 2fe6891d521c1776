package io.chatflow.domain.message;

import java.util.Objects;

/** An opaque message id. */
public record MessageId(String value) {
  public MessageId {
    Objects.requireNonNull(value, "value");
  }

  @Override
  public String toString() {
    return value;
  }
}
