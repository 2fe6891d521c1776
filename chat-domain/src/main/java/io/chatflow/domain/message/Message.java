package io.chatflow.domain.message;

import io.chatflow.domain.ConflictException;
import io.chatflow.domain.ForbiddenException;
import io.chatflow.domain.InvalidException;
import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.conversation.Member;
import io.chatflow.domain.conversation.Role;
import io.chatflow.domain.user.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A message at its place {@code seq} in a conversation. A deleted one is a tombstone with an empty body.
 * A reply names its thread's root in {@code replyTo}; a root counts its replies ({@code replyCount},
 * {@code lastReplyAt}). {@code mentions} are the members its body named when it was posted or edited.
 */
public record Message(
    MessageId id,
    ConversationId conversationId,
    long seq,
    UserId senderId,
    String body,
    Instant createdAt,
    Instant editedAt,
    boolean deleted,
    String clientMessageId,
    Long replyTo,
    int replyCount,
    Instant lastReplyAt,
    List<UserId> mentions) {

  public Message {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(conversationId, "conversationId");
    Objects.requireNonNull(senderId, "senderId");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(createdAt, "createdAt");
    if (seq < 1) {
      throw new IllegalArgumentException("seq starts at 1");
    }
    if (replyTo != null && (replyTo < 1 || replyTo >= seq)) {
      throw new IllegalArgumentException("a reply follows its root");
    }
    mentions = mentions == null ? List.of() : List.copyOf(mentions);
  }

  /** A message outside any thread that mentions nobody. */
  public Message(
      MessageId id, ConversationId conversationId, long seq, UserId senderId, String body, Instant createdAt,
      Instant editedAt, boolean deleted, String clientMessageId) {
    this(id, conversationId, seq, senderId, body, createdAt, editedAt, deleted, clientMessageId, null, 0, null,
        List.of());
  }

  public boolean isFrom(UserId user) {
    return senderId.equals(user);
  }

  public boolean isReply() {
    return replyTo != null;
  }

  /** The seq of the thread this message roots or belongs to. */
  public long threadRoot() {
    return replyTo == null ? seq : replyTo;
  }

  public Message edited(UserId editor, String newBody, Instant at) {
    if (!isFrom(editor)) {
      throw new ForbiddenException("only the sender may edit a message");
    }
    if (deleted) {
      // not a missing right but the message's state: a tombstone stays a tombstone
      throw new ConflictException("a deleted message cannot be edited");
    }
    return new Message(id, conversationId, seq, senderId, MessageBody.requireValid(newBody), createdAt, at, false,
        clientMessageId, replyTo, replyCount, lastReplyAt, mentions);
  }

  /** The sender, an owner or an admin may delete; deleting twice changes nothing. A tombstone names nobody. */
  public Message deletedBy(Member deleter, Instant at) {
    if (!isFrom(deleter.userId())) {
      deleter.requireRole(Role.ADMIN, "delete other people's messages");
    }
    return deleted ? this : new Message(id, conversationId, seq, senderId, "", createdAt, at, true, clientMessageId,
        replyTo, replyCount, lastReplyAt, List.of());
  }

  public Message mentioning(List<UserId> named) {
    return new Message(id, conversationId, seq, senderId, body, createdAt, editedAt, deleted, clientMessageId,
        replyTo, replyCount, lastReplyAt, named);
  }

  /** This message as a reply in the thread of {@code root}. */
  public Message inThreadOf(Message root) {
    return new Message(id, conversationId, seq, senderId, body, createdAt, editedAt, deleted, clientMessageId,
        root.seq(), 0, null, mentions);
  }

  /** The root after one more reply, posted at {@code at}. */
  public Message withReply(Instant at) {
    return new Message(id, conversationId, seq, senderId, body, createdAt, editedAt, deleted, clientMessageId,
        replyTo, replyCount + 1, at, mentions);
  }

  /** This message may root a thread, or, as a reply, lead to its root; a tombstone may not. */
  public void requireOpenForReplies() {
    if (deleted) {
      throw InvalidException.of("replyTo", "names a deleted message");
    }
  }

  /** Reactions are for messages that are still there. */
  public void requireOpenForReactions() {
    if (deleted) {
      throw new ConflictException("a deleted message takes no reactions");
    }
  }
}
