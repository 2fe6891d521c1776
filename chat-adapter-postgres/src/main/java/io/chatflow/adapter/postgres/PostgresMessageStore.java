package io.chatflow.adapter.postgres;

import io.chatflow.domain.NotFoundException;
import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.event.Event;
import io.chatflow.domain.event.EventType;
import io.chatflow.domain.message.Message;
import io.chatflow.domain.message.MessageId;
import io.chatflow.domain.message.Reaction;
import io.chatflow.domain.user.UserId;
import io.chatflow.ports.out.MessageStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Messages keyed by (conversation_id, seq). A new message's row is its message.created event: it
 * takes the next position from the event clock the write holds (see {@link HeldClock}), in one
 * place: {@link #insert}. Inside a write every call locks the conversation first. Reactions and
 * mentions (V3) are in {@link PostgresReactions} and {@link PostgresMentions}.
 */
final class PostgresMessageStore implements MessageStore {
  static final String COLUMNS = "seq, id, sender_id, body, created_at, edited_at, deleted, client_message_id, "
      + "reply_to, reply_count, last_reply_at, mentions";
  // held back, and sent with the batch's other new messages in one statement (with COMMIT, usually)
  private static final HeldBackChanges.Rows INSERTS = new HeldBackChanges.Rows("""
      INSERT INTO messages (conversation_id, seq, position, id, sender_id, body, created_at, edited_at, deleted,
        client_message_id, reply_to, reply_count, last_reply_at, mentions)
      SELECT * FROM unnest(?::text[], ?::int8[], ?::int8[], ?::text[], ?::text[], ?::text[], ?::int8[], ?::int8[],
        ?::bool[], ?::text[], ?::int8[], ?::int4[], ?::int8[], ?::text[])""", new String[] {"text", "int8", "int8",
      "text", "text", "text", "int8", "int8", "bool", "text", "int8", "int4", "int8", "text"}, 0,
      "a message exists at this seq, or clientMessageId was used for another message");
  // an edit, a deletion or a new reply count keeps the message's position and takes none
  private static final String UPDATE = """
      UPDATE messages SET id = ?, sender_id = ?, body = ?, created_at = ?, edited_at = ?, deleted = ?,
        client_message_id = ?, reply_to = ?, reply_count = ?, last_reply_at = ?, mentions = ?
      WHERE conversation_id = ? AND seq = ?""";
  private static final String REPLIES = "SELECT " + COLUMNS
      + " FROM messages WHERE conversation_id = ? AND reply_to = ? AND seq > ? ORDER BY seq LIMIT ?";
  private static final String BY_SEQ = "SELECT " + COLUMNS + " FROM messages WHERE conversation_id = ? AND seq = ?";
  private static final String BY_CLIENT_ID = "SELECT " + COLUMNS
      + " FROM messages WHERE conversation_id = ? AND sender_id = ? AND client_message_id = ?";
  private static final String BEFORE = "SELECT " + COLUMNS
      + " FROM messages WHERE conversation_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?";
  private static final String AFTER = "SELECT " + COLUMNS
      + " FROM messages WHERE conversation_id = ? AND seq > ? ORDER BY seq LIMIT ?";
  private static final String UNREAD =
      "SELECT COUNT(*) FROM messages WHERE conversation_id = ? AND seq > ? AND NOT deleted AND sender_id <> ?";

  private final Database db;
  private final PostgresReactions reactions;
  private final PostgresMentions mentions;

  PostgresMessageStore(Database db) {
    this.db = db;
    this.reactions = new PostgresReactions(db);
    this.mentions = new PostgresMentions(db);
  }

  /**
   * The message's row is its message.created event: it takes the clock's next position, and the
   * insert is held back (the seq comes from the locked conversation and the core looks for the
   * clientMessageId first, so it is not expected to fail). A taken seq or clientMessageId is
   * still a conflict, and the write that meets it fails as a whole, so it takes no position.
   */
  @Override
  public Event insert(Message m) {
    long position = db.change(tx -> {
      requireConversation(tx, m);
      long at = tx.nextPosition();
      tx.deferRow(INSERTS, m.conversationId().value(), m.seq(), at, m.id().value(), m.senderId().value(), m.body(),
          m.createdAt(), m.editedAt() == null ? Tx.NULL_BIGINT : m.editedAt(), m.deleted(),
          m.clientMessageId() == null ? Tx.NULL_TEXT : m.clientMessageId(), bigint(m.replyTo()), m.replyCount(),
          bigint(m.lastReplyAt()), PostgresMentions.column(m));
      PostgresMentions.insert(tx, m);
      if (m.clientMessageId() != null) {
        held(tx, m).byClientId().put(HeldConversations.Held.clientKey(m.senderId(), m.clientMessageId()), Optional.of(m));
      }
      return at;
    });
    return Event.ofMessage(EventType.MESSAGE_CREATED, m, m.createdAt()).at(position);
  }

  @Override
  public void save(Message m) {
    db.change(tx -> {
      requireConversation(tx, m);
      int changed = tx.updateUnique("clientMessageId was used for another message", UPDATE, m.id().value(),
          m.senderId().value(), m.body(), m.createdAt(), m.editedAt() == null ? Tx.NULL_BIGINT : m.editedAt(),
          m.deleted(), m.clientMessageId() == null ? Tx.NULL_TEXT : m.clientMessageId(), bigint(m.replyTo()),
          m.replyCount(), bigint(m.lastReplyAt()), PostgresMentions.column(m), m.conversationId().value(), m.seq());
      if (changed == 0) {
        throw new NotFoundException("message");
      }
      held(tx, m).byClientId().clear();
      PostgresMentions.replace(tx, m);
      if (m.deleted()) {
        PostgresReactions.deleteAll(tx, m.conversationId(), m.seq());
      }
      return changed;
    });
  }

  private static void requireConversation(Tx tx, Message m) {
    held(tx, m);
  }

  private static HeldConversations.Held held(Tx tx, Message m) {
    HeldConversations.Held held = ConversationLock.lock(tx, m.conversationId());
    if (held == null) {
      throw new NotFoundException("conversation");
    }
    return held;
  }

  @Override
  public Optional<Message> findBySeq(ConversationId conversation, long seq) {
    return db.query(tx -> {
      ConversationLock.lock(tx, conversation);
      return tx.one(BY_SEQ, rs -> message(conversation, rs), conversation.value(), seq);
    });
  }

  @Override
  public Optional<Message> findByClientMessageId(ConversationId conversation, UserId sender, String clientMessageId) {
    return db.query(tx -> {
      HeldConversations.Held held = ConversationLock.lock(tx, conversation);
      var key = HeldConversations.Held.clientKey(sender, clientMessageId);
      if (held != null && held.byClientId().containsKey(key)) {
        return held.byClientId().get(key);
      }
      Optional<Message> found = tx.one(BY_CLIENT_ID, rs -> message(conversation, rs), conversation.value(),
          sender.value(), clientMessageId);
      if (held != null) {
        held.byClientId().put(key, found);
      }
      return found;
    });
  }

  @Override
  public List<Message> before(ConversationId conversation, long beforeSeq, int limit) {
    List<Message> newestFirst = db.query(tx -> {
      ConversationLock.lock(tx, conversation);
      return tx.list(BEFORE, rs -> message(conversation, rs), conversation.value(), beforeSeq, limit);
    });
    Collections.reverse(newestFirst);
    return newestFirst;
  }

  @Override
  public List<Message> after(ConversationId conversation, long afterSeq, int limit) {
    return db.query(tx -> {
      ConversationLock.lock(tx, conversation);
      return tx.list(AFTER, rs -> message(conversation, rs), conversation.value(), afterSeq, limit);
    });
  }

  @Override
  public long countUnread(ConversationId conversation, long afterSeq, UserId reader) {
    return db.query(tx -> {
      ConversationLock.lock(tx, conversation);
      return tx.number(UNREAD, conversation.value(), afterSeq, reader.value());
    });
  }

  @Override
  public List<Message> replies(ConversationId conversation, long rootSeq, long afterSeq, int limit) {
    return db.query(tx -> {
      ConversationLock.lock(tx, conversation);
      return tx.list(REPLIES, rs -> message(conversation, rs), conversation.value(), rootSeq,
          Math.max(afterSeq, rootSeq), limit);
    });
  }

  @Override
  public boolean addReaction(ConversationId conversation, long seq, String emoji, UserId user, Instant at) {
    return reactions.add(conversation, seq, emoji, user, at);
  }

  @Override
  public boolean removeReaction(ConversationId conversation, long seq, String emoji, UserId user) {
    return reactions.remove(conversation, seq, emoji, user);
  }

  @Override
  public Map<Long, List<Reaction>> reactions(ConversationId conversation, Collection<Long> seqs) {
    return reactions.on(conversation, seqs);
  }

  @Override
  public List<Message> mentioning(UserId user, MentionKey after, int limit) {
    return mentions.of(user, after, limit);
  }

  @Override
  public Unread countUnreadAndMentions(ConversationId conversation, long afterSeq, UserId reader) {
    return mentions.unread(conversation, afterSeq, reader);
  }

  private static Object bigint(Object value) {
    return value == null ? Tx.NULL_BIGINT : value;
  }

  /** Reads the columns in {@link #COLUMNS} order. */
  static Message message(ConversationId conversation, ResultSet rs) throws SQLException {
    long edited = rs.getLong(6);
    Instant editedAt = rs.wasNull() ? null : Times.instant(edited);
    long replyTo = rs.getLong(9);
    Long root = rs.wasNull() ? null : replyTo;
    long lastReply = rs.getLong(11);
    Instant lastReplyAt = rs.wasNull() ? null : Times.instant(lastReply);
    return new Message(new MessageId(rs.getString(2)), conversation, rs.getLong(1), new UserId(rs.getString(3)),
        rs.getString(4), Times.instant(rs.getLong(5)), editedAt, rs.getBoolean(7), rs.getString(8), root,
        rs.getInt(10), lastReplyAt, PostgresMentions.parse(rs.getString(12)));
  }
}
