package io.chatflow.ports.in;

import io.chatflow.domain.Page;
import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.user.UserId;
import java.util.concurrent.CompletionStage;

/** Posting and reading messages, threads, reactions, mentions, read markers and typing. */
public interface Messaging {
  /**
   * Posts a message at the next seq. A repeated {@code clientMessageId} from the same
   * sender in the same conversation returns the original with created=false.
   */
  default Posted post(UserId actor, ConversationId conversation, String body, String clientMessageId) {
    return post(actor, conversation, body, clientMessageId, null);
  }

  /**
   * Posts like {@link #post(UserId, ConversationId, String, String)}, as a reply in the thread of
   * the message at {@code replyTo} when not null (a reply to a reply joins its root's thread).
   * An unknown or deleted root is invalid.
   */
  Posted post(UserId actor, ConversationId conversation, String body, String clientMessageId, Long replyTo);

  /**
   * Posts like {@link #post} without holding the calling thread. Posters are paced: while
   * live delivery lags (more than CoreSettings.deliveryBacklog events not yet taken), a post
   * waits up to a second after it is durable. {@code post} waits on the caller's thread;
   * this stage completes when that wait would end.
   */
  default CompletionStage<Posted> postPaced(
      UserId actor, ConversationId conversation, String body, String clientMessageId) {
    return postPaced(actor, conversation, body, clientMessageId, null);
  }

  /** {@link #postPaced(UserId, ConversationId, String, String)} with a thread root, as {@link #post} takes it. */
  CompletionStage<Posted> postPaced(
      UserId actor, ConversationId conversation, String body, String clientMessageId, Long replyTo);

  /** A page of messages in ascending seq. */
  Page<MessageView> list(UserId actor, ConversationId conversation, MessageQuery query);

  MessageView edit(UserId actor, ConversationId conversation, long seq, String body);

  /** Leaves a tombstone so seq stays contiguous. */
  MessageView delete(UserId actor, ConversationId conversation, long seq);

  /** The replies in the thread of the message at {@code seq} (or of its root), ascending; {@code before} is not for threads. */
  Page<MessageView> replies(UserId actor, ConversationId conversation, long seq, MessageQuery query);

  /**
   * Adds the actor's reaction {@code emoji} (one emoji, or a short code) to the message at
   * {@code seq}; created=false when it was there already. At most 20 distinct emoji per message.
   */
  Reacted react(UserId actor, ConversationId conversation, long seq, String emoji);

  /** Removes the actor's reaction; nothing happens when there was none. */
  void unreact(UserId actor, ConversationId conversation, long seq, String emoji);

  /** Messages that mention the actor, newest first, across the conversations they are a member of. */
  Page<MessageView> mentions(UserId actor, String cursor, Integer limit);

  /** Moves the actor's read marker forward to {@code seq} (never back). */
  ReadMarker markRead(UserId actor, ConversationId conversation, long seq);

  /** Tells the other members the actor is typing; nothing is stored. */
  void typing(UserId actor, ConversationId conversation);

  record Posted(MessageView message, boolean created) {}

  record Reacted(MessageView message, boolean created) {}
}
