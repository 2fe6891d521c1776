package io.chatflow.adapter.sqlite;

import io.chatflow.domain.ConflictException;
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

// Messages are keyed by their conversation's number (V5): each call looks it up first (the
// writer keeps those it read), and a conversation that does not exist has none of them.
// Reactions and mentions (V7) have their own tables, in SqliteReactions and SqliteMentions.
final class SqliteMessageStore implements MessageStore {
  static final String COLUMNS = "seq, id, sender_id, body, created_at, edited_at, deleted, client_message_id, "
      + "reply_to, reply_count, last_reply_at, mentions";
  // a new message takes the next event position: its row is its message.created event (V3)
  private static final String INSERT = """
      INSERT INTO messages (position, conversation_no, seq, id, sender_id, body, created_at, edited_at, deleted,
        client_message_id, reply_to, reply_count, last_reply_at, mentions)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (conversation_no, seq) DO NOTHING""";
  private static final String UPDATE = """
      UPDATE messages SET id = ?, sender_id = ?, body = ?, created_at = ?, edited_at = ?, deleted = ?,
        client_message_id = ?, reply_to = ?, reply_count = ?, last_reply_at = ?, mentions = ?
      WHERE conversation_no = ? AND seq = ?""";
  private static final String REPLIES = "SELECT " + COLUMNS
      + " FROM messages WHERE conversation_no = ? AND reply_to = ? AND seq > ? ORDER BY seq LIMIT ?";
  private static final String BY_SEQ = "SELECT " + COLUMNS + " FROM messages WHERE conversation_no = ? AND seq = ?";
  private static final String BY_CLIENT_ID = "SELECT " + COLUMNS
      + " FROM messages WHERE conversation_no = ? AND sender_id = ? AND client_message_id = ?";
  private static final String BEFORE = "SELECT " + COLUMNS
      + " FROM messages WHERE conversation_no = ? AND seq < ? ORDER BY seq DESC LIMIT ?";
  private static final String AFTER = "SELECT " + COLUMNS
      + " FROM messages WHERE conversation_no = ? AND seq > ? ORDER BY seq LIMIT ?";
  // through the primary key and the rows (V2 dropped the covering index: one B-tree less per post)
  private static final String UNREAD =
      "SELECT COUNT(*) FROM messages WHERE conversation_no = ? AND seq > ? AND deleted = 0 AND sender_id <> ?";

  /** Every statement of this store, for the query-plan test. */
  static final List<String> STATEMENTS = List.of(INSERT, UPDATE, BY_SEQ, BY_CLIENT_ID, BEFORE, AFTER, UNREAD, REPLIES);

  private static final String CLIENT_ID_TAKEN = "clientMessageId was used for another message";

  private final Database db;
  private final SqliteReactions reactions;
  private final SqliteMentions mentions;

  SqliteMessageStore(Database db) {
    this.db = db;
    this.reactions = new SqliteReactions(db);
    this.mentions = new SqliteMentions(db);
  }

  @Override
  public Event insert(Message m) {
    long position = db.change(tx -> {
      long conversation = conversationNumber(tx, m);
      long next = tx.cache().positions().next(() -> SqliteEventStore.lastPosition(tx));
      if (tx.updateUnique(CLIENT_ID_TAKEN, INSERT, next, conversation, m.seq(), m.id().value(), m.senderId().value(),
          m.body(), m.createdAt(), m.editedAt(), m.deleted(), m.clientMessageId(), m.replyTo(), m.replyCount(),
          m.lastReplyAt(), SqliteMentions.column(m)) == 0) {
        throw new ConflictException("a message exists at seq " + m.seq());
      }
      SqliteMentions.insert(tx, conversation, m);
      return next;
    });
    return Event.ofMessage(EventType.MESSAGE_CREATED, m, m.createdAt()).at(position);
  }

  @Override
  public void save(Message m) {
    db.change(tx -> {
      long conversation = conversationNumber(tx, m);
      if (tx.updateUnique(CLIENT_ID_TAKEN, UPDATE, m.id().value(), m.senderId().value(), m.body(), m.createdAt(),
          m.editedAt(), m.deleted(), m.clientMessageId(), m.replyTo(), m.replyCount(), m.lastReplyAt(),
          SqliteMentions.column(m), conversation, m.seq()) == 0) {
        throw new NotFoundException("message");
      }
      SqliteMentions.replace(tx, conversation, m);
      if (m.deleted()) {
        SqliteReactions.deleteAll(tx, conversation, m.seq());
      }
      return null;
    });
  }

  private static long conversationNumber(Statements tx, Message m) {
    long conversation = SqliteConversationStore.number(tx, m.conversationId());
    if (conversation == 0) {
      throw new NotFoundException("conversation");
    }
    return conversation;
  }

  @Override
  public Optional<Message> findBySeq(ConversationId conversation, long seq) {
    return db.query(tx -> tx.one(BY_SEQ, rs -> message(conversation, rs), number(tx, conversation), seq));
  }

  @Override
  public Optional<Message> findByClientMessageId(ConversationId conversation, UserId sender, String clientMessageId) {
    return db.query(tx -> tx.one(BY_CLIENT_ID, rs -> message(conversation, rs), number(tx, conversation),
        sender.value(), clientMessageId));
  }

  @Override
  public List<Message> before(ConversationId conversation, long beforeSeq, int limit) {
    List<Message> newestFirst = db.query(
        tx -> tx.list(BEFORE, rs -> message(conversation, rs), number(tx, conversation), beforeSeq, limit));
    Collections.reverse(newestFirst);
    return newestFirst;
  }

  @Override
  public List<Message> after(ConversationId conversation, long afterSeq, int limit) {
    return db.query(
        tx -> tx.list(AFTER, rs -> message(conversation, rs), number(tx, conversation), afterSeq, limit));
  }

  @Override
  public long countUnread(ConversationId conversation, long afterSeq, UserId reader) {
    return db.query(tx -> tx.number(UNREAD, number(tx, conversation), afterSeq, reader.value()));
  }

  @Override
  public List<Message> replies(ConversationId conversation, long rootSeq, long afterSeq, int limit) {
    return db.query(tx -> tx.list(REPLIES, rs -> message(conversation, rs), number(tx, conversation), rootSeq,
        Math.max(afterSeq, rootSeq), limit));
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

  static long number(Statements tx, ConversationId conversation) {
    return SqliteConversationStore.number(tx, conversation);
  }

  /** Reads the columns in {@link #COLUMNS} order (by index: cheaper than by name on the hot path). */
  static Message message(ConversationId conversation, ResultSet rs) throws SQLException {
    long replyTo = rs.getLong(9);
    Long root = rs.wasNull() ? null : replyTo;
    return new Message(new MessageId(rs.getString(2)), conversation, rs.getLong(1), new UserId(rs.getString(3)),
        rs.getString(4), Times.instant(rs.getLong(5)), Times.instantOrNull(rs, 6), rs.getInt(7) != 0,
        rs.getString(8), root, rs.getInt(10), Times.instantOrNull(rs, 11), SqliteMentions.parse(rs.getString(12)));
  }
}
