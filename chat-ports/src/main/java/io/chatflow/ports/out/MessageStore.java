package io.chatflow.ports.out;

import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.event.Event;
import io.chatflow.domain.message.Message;
import io.chatflow.domain.user.UserId;
import java.util.List;
import java.util.Optional;

/** Messages keyed by (conversation, seq): the shard key when storage outgrows one machine. */
public interface MessageStore {
  /**
   * Inserts a new message within the current write, and with it its message.created event;
   * returns that event at its position in the log (a store may keep the event in the message's
   * row). A message already at its (conversation, seq), or a second one with the same
   * (conversation, sender, clientMessageId), is a {@code ConflictException}.
   */
  Event insert(Message message);

  /**
   * Replaces the message at its (conversation, seq): an edit or a deletion, which takes no
   * position of its own. None there is a {@code NotFoundException}; a clientMessageId another
   * message of the sender holds is a {@code ConflictException}.
   */
  void save(Message message);

  Optional<Message> findBySeq(ConversationId conversation, long seq);

  Optional<Message> findByClientMessageId(ConversationId conversation, UserId sender, String clientMessageId);

  /** Up to {@code limit} messages with seq below {@code beforeSeq}, the newest of them, in ascending seq. */
  List<Message> before(ConversationId conversation, long beforeSeq, int limit);

  /** Up to {@code limit} messages with seq above {@code afterSeq}, the oldest of them, in ascending seq. */
  List<Message> after(ConversationId conversation, long afterSeq, int limit);

  /** Messages after {@code afterSeq} that are not deleted and not sent by {@code reader}. */
  long countUnread(ConversationId conversation, long afterSeq, UserId reader);
}
