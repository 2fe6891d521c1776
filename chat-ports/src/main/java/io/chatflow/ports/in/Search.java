package io.chatflow.ports.in;

import io.chatflow.domain.Page;
import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.user.UserId;

/** Full-text search over the messages a user may read now. */
public interface Search {
  /**
   * Messages of the caller's conversations (or of one, when given; from one sender, when
   * given) whose body matches {@code q}: the most relevant first, then the newest.
   */
  Page<Found> messages(UserId actor, Request request);

  /** {@code q} of 1 to 200 characters; the others optional. */
  record Request(String q, ConversationId conversation, UserId sender, String cursor, Integer limit) {}

  /** A found message, and its body with the matching words wrapped in STX (U+0002) and ETX (U+0003). */
  record Found(MessageView message, String highlight) {}
}
