package io.chatflow.domain.message;

import io.chatflow.domain.ConflictException;
import io.chatflow.domain.ForbiddenException;
import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.conversation.Member;
import io.chatflow.domain.conversation.Role;
import io.chatflow.domain.user.UserId;
import java.time.Instant;
import java.util.Objects;

/** A message at its place {@code seq} in a conversation. A deleted one is a tombstone with an empty body. */
public record Message(
    MessageId id,
    ConversationId conversationId,
    long seq,
    UserId senderId,
    String body,
    Instant createdAt,
    Instant editedAt,
    boolean deleted,
    String clientMessageId) {

  public Message {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(conversationId, "conversationId");
    Objects.requireNonNull(senderId, "senderId");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(createdAt, "createdAt");
    if (seq < 1) {
      throw new IllegalArgumentException("seq starts at 1");
    }
  }

  public boolean isFrom(UserId user) {
    return senderId.equals(user);
  }

  public Message edited(UserId editor, String newBody, Instant at) {
    if (!isFrom(editor)) {
      throw new ForbiddenException("only the sender may edit a message");
    }
    if (deleted) {
      // not a missing right but the message's state: a tombstone stays a tombstone
      throw new ConflictException("a deleted message cannot be edited");
    }
    return new Message(id, conversationId, seq, senderId, MessageBody.requireValid(newBody), createdAt, at, false, clientMessageId);
  }

  /** The sender, an owner or an admin may delete; deleting twice changes nothing. */
  public Message deletedBy(Member deleter, Instant at) {
    if (!isFrom(deleter.userId())) {
      deleter.requireRole(Role.ADMIN, "delete other people's messages");
    }
    return deleted ? this : new Message(id, conversationId, seq, senderId, "", createdAt, at, true, clientMessageId);
  }
}
