package io.chatflow.ports.out;

import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.event.Event;
import io.chatflow.domain.message.Message;
import io.chatflow.domain.message.Reaction;
import io.chatflow.domain.user.UserId;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Messages keyed by (conversation, seq): the shard key when storage outgrows one machine. With
 * them what hangs on a message: its reactions, its thread's replies, the members it mentions.
 */
public interface MessageStore {
  /**
   * Inserts a new message within the current write, and with it its message.created event;
   * returns that event at its position in the log (a store may keep the event in the message's
   * row). The store records whom it mentions (not its sender) for {@link #mentioning}. A message already at its (conversation, seq), or a second one with the same
   * (conversation, sender, clientMessageId), is a {@code ConflictException}.
   */
  Event insert(Message message);

  /**
   * Replaces the message at its (conversation, seq): an edit, a deletion or a new reply count,
   * which takes no position of its own. Its mentions are replaced too; a deleted message loses
   * its reactions. None there is a {@code NotFoundException}; a clientMessageId another
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

  /** Up to {@code limit} replies in the thread of {@code rootSeq} with seq above {@code afterSeq}, in ascending seq. */
  List<Message> replies(ConversationId conversation, long rootSeq, long afterSeq, int limit);

  /**
   * Adds {@code user}'s {@code emoji} to the message at {@code seq}, after the reactions there:
   * false when it was there already.
   */
  boolean addReaction(ConversationId conversation, long seq, String emoji, UserId user, Instant at);

  /** Removes {@code user}'s {@code emoji} from the message at {@code seq}: false when it was not there. */
  boolean removeReaction(ConversationId conversation, long seq, String emoji, UserId user);

  /**
   * The reactions on each of the messages at {@code seqs} that has any, each in order of first use
   * with its users in the order they reacted; in one read, however many messages.
   */
  Map<Long, List<Reaction>> reactions(ConversationId conversation, Collection<Long> seqs);

  /**
   * Messages that mention {@code user}, of conversations they are a member of now, not deleted and
   * not sent by them; newest first (createdAt, then conversation id, then seq, all descending),
   * strictly after {@code after} in that order (null: from the newest).
   */
  List<Message> mentioning(UserId user, MentionKey after, int limit);

  /**
   * {@link #countUnread} and, of those messages, how many mention {@code reader}: what a
   * conversation summary shows, in one read.
   */
  Unread countUnreadAndMentions(ConversationId conversation, long afterSeq, UserId reader);

  /** Unread messages, and how many of them mention the reader. */
  record Unread(long messages, long mentions) {}

  /** A place in the newest-first order of mentions. */
  record MentionKey(Instant createdAt, ConversationId conversation, long seq) {}
}
