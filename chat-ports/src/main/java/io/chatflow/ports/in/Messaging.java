package io.chatflow.ports.in;

import io.chatflow.domain.Page;
import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.user.UserId;
import java.util.concurrent.CompletionStage;

/** Posting and reading messages, read markers and typing. */
public interface Messaging {
  /**
   * Posts a message at the next seq. A repeated {@code clientMessageId} from the same
   * sender in the same conversation returns the original with created=false.
   */
  Posted post(UserId actor, ConversationId conversation, String body, String clientMessageId);

  /**
   * Posts like {@link #post} without holding the calling thread. Posters are paced: while
   * live delivery lags (more than CoreSettings.deliveryBacklog events not yet taken), a post
   * waits up to a second after it is durable. {@code post} waits on the caller's thread;
   * this stage completes when that wait would end.
   */
  CompletionStage<Posted> postPaced(UserId actor, ConversationId conversation, String body, String clientMessageId);

  /** A page of messages in ascending seq. */
  Page<MessageView> list(UserId actor, ConversationId conversation, MessageQuery query);

  MessageView edit(UserId actor, ConversationId conversation, long seq, String body);

  /** Leaves a tombstone so seq stays contiguous. */
  MessageView delete(UserId actor, ConversationId conversation, long seq);

  /** Moves the actor's read marker forward to {@code seq} (never back). */
  ReadMarker markRead(UserId actor, ConversationId conversation, long seq);

  /** Tells the other members the actor is typing; nothing is stored. */
  void typing(UserId actor, ConversationId conversation);

  record Posted(MessageView message, boolean created) {}
}
