package io.chatflow.domain.event;

import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.conversation.Member;
import io.chatflow.domain.conversation.Role;
import io.chatflow.domain.message.Message;
import io.chatflow.domain.user.UserId;
import java.time.Instant;
import java.util.Objects;

/**
 * A durable record that something happened, at {@code position} in the event log
 * (the cursor). An event names what it is about rather than copying it: message
 * events carry the {@code seq}, member events the {@code subject} with its
 * {@code role} and {@code joinedAt}, {@code read.updated} the marker's seq, reaction events the
 * {@code seq}, the reacting user as {@code subject} and the {@code emoji}.
 * {@code recipient} is null for an event every member of the conversation gets,
 * or the one user it is for. Only presence events belong to no conversation.
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
    Instant joinedAt,
    String emoji) {

  public Event {
    Objects.requireNonNull(type, "type");
    if (conversationId == null && type != EventType.PRESENCE_CHANGED) {
      throw new NullPointerException("conversationId");
    }
    Objects.requireNonNull(at, "at");
  }

  /** A message event for every member. */
  public static Event ofMessage(EventType type, Message message, Instant at) {
    return new Event(0, type, message.conversationId(), null, at, message.seq(), null, null, null, null);
  }

  /** A conversation event for {@code recipient}, or for every member when null. */
  public static Event ofConversation(EventType type, ConversationId conversation, UserId recipient, Instant at) {
    return new Event(0, type, conversation, recipient, at, 0, null, null, null, null);
  }

  /** A member event about {@code member}, for {@code recipient} or for every member when null. */
  public static Event ofMember(EventType type, Member member, UserId recipient, Instant at) {
    return new Event(
        0, type, member.conversationId(), recipient, at, 0, member.userId(), member.role(), member.joinedAt(), null);
  }

  /** The reader's own marker moved. */
  public static Event ofRead(ConversationId conversation, UserId reader, long seq, Instant at) {
    return new Event(0, EventType.READ_UPDATED, conversation, reader, at, seq, null, null, null, null);
  }

  /** {@code user} added or removed {@code emoji} on the message at {@code seq}; for every member. */
  public static Event ofReaction(EventType type, ConversationId conversation, long seq, UserId user, String emoji,
      Instant at) {
    if (type != EventType.REACTION_ADDED && type != EventType.REACTION_REMOVED) {
      throw new IllegalArgumentException(type + " is no reaction event");
    }
    return new Event(0, type, conversation, null, at, seq, user, null, null, emoji);
  }

  /** A typing or presence notice about {@code subject}; never stored, so it has no position. */
  public static Event ephemeral(EventType type, ConversationId conversation, UserId subject, Instant at) {
    if (!type.isEphemeral()) {
      throw new IllegalArgumentException(type + " is durable");
    }
    return new Event(0, type, conversation, null, at, 0, subject, null, null, null);
  }

  /** The same event placed at {@code newPosition} in the log. */
  public Event at(long newPosition) {
    return new Event(newPosition, type, conversationId, recipient, at, seq, subject, role, joinedAt, emoji);
  }

  public EventCursor cursor() {
    return new EventCursor(position);
  }
}
