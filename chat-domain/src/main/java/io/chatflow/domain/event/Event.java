package io.chatflow.domain.event;

import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.conversation.Role;
import io.chatflow.domain.user.UserId;
import java.time.Instant;
import java.util.Objects;

/**
 * A durable record that something happened, at {@code position} in the event log
 * (the cursor). An event names what it is about rather than copying it: message
 * events carry the {@code seq}, member events the {@code subject} with its
 * {@code role} and {@code joinedAt}, {@code read.updated} the marker's seq.
 * {@code recipient} is null for an event every member of the conversation gets,
 * or the one user it is for.
 */
public record Event(
    long position,
    EventType type,
    ConversationId conversationId,
    UserId recipient,
    Instant at,
    long seq,
    UserId subject,
    Role role,
    Instant joinedAt) {

  public Event {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(conversationId, "conversationId");
    Objects.requireNonNull(at, "at");
  }

  /** The same event placed at {@code newPosition} in the log. */
  public Event at(long newPosition) {
    return new Event(newPosition, type, conversationId, recipient, at, seq, subject, role, joinedAt);
  }

  public boolean isFor(UserId user) {
    return recipient == null || recipient.equals(user);
  }

  public EventCursor cursor() {
    return new EventCursor(position);
  }
}
