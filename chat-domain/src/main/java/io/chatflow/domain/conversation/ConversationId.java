package io.chatflow.domain.conversation;

import java.util.Objects;

/** An opaque conversation id. */
public record ConversationId(String value) {
  public ConversationId {
    Objects.requireNonNull(value, "value");
  }

  @Override
  public String toString() {
    return value;
  }
}
