package io.chatflow.adapter.postgres;

import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.message.Message;
import io.chatflow.domain.user.UserId;
import io.chatflow.ports.out.MessageStore;
import io.chatflow.ports.out.MessageStore.MentionKey;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Mentions (V3): the message row names whom it mentions (for showing), and the mentions table
 * holds one row per person mentioned, the sender left out, for the list and the count.
 */
final class PostgresMentions {
  private static final String INSERT = """
      INSERT INTO mentions (conversation_id, seq, user_id, created_at) VALUES (?, ?, ?, ?)
      ON CONFLICT DO NOTHING""";
  private static final String DELETE = "DELETE FROM mentions WHERE conversation_id = ? AND seq = ?";
  // a summary's two counts in one statement (the first is PostgresMessageStore's UNREAD)
  private static final String UNREAD = """
      SELECT (SELECT COUNT(*) FROM messages WHERE conversation_id = ? AND seq > ? AND NOT deleted AND sender_id <> ?),
        (SELECT COUNT(*) FROM mentions WHERE user_id = ? AND conversation_id = ? AND seq > ?)""";
  // newest first, strictly after the cursor; only in conversations the reader is a member of now
  private static final String OF = """
      SELECT %s, x.conversation_id FROM mentions x
        JOIN members m ON m.conversation_id = x.conversation_id AND m.user_id = x.user_id
        JOIN messages g ON g.conversation_id = x.conversation_id AND g.seq = x.seq
      WHERE x.user_id = ? AND (x.created_at, x.conversation_id, x.seq) < (?, ?, ?)
      ORDER BY x.created_at DESC, x.conversation_id DESC, x.seq DESC LIMIT ?""".formatted(
          Arrays.stream(PostgresMessageStore.COLUMNS.split(", ")).map(c -> "g." + c).collect(Collectors.joining(", ")));

  private final Database db;

  PostgresMentions(Database db) {
    this.db = db;
  }

  /** The message row's column: the ids space-separated, or NULL for nobody. */
  static Object column(Message m) {
    return m.mentions().isEmpty()
        ? Tx.NULL_TEXT
        : m.mentions().stream().map(UserId::value).collect(Collectors.joining(" "));
  }

  static List<UserId> parse(String column) {
    return column == null ? List.of() : Arrays.stream(column.split(" ")).map(UserId::new).toList();
  }

  static void insert(Tx tx, Message m) {
    if (m.deleted()) {
      return;
    }
    for (UserId named : m.mentions()) {
      if (!m.isFrom(named)) {
        tx.update(INSERT, m.conversationId().value(), m.seq(), named.value(), m.createdAt());
      }
    }
  }

  static void replace(Tx tx, Message m) {
    tx.update(DELETE, m.conversationId().value(), m.seq());
    insert(tx, m);
  }

  MessageStore.Unread unread(ConversationId conversation, long afterSeq, UserId reader) {
    return db.query(tx -> {
      ConversationLock.lock(tx, conversation);
      return tx.one(UNREAD, rs -> new MessageStore.Unread(rs.getLong(1), rs.getLong(2)), conversation.value(), afterSeq,
          reader.value(), reader.value(), conversation.value(), afterSeq).orElseThrow();
    });
  }

  List<Message> of(UserId user, MentionKey after, int limit) {
    long before = after == null ? Long.MAX_VALUE : Times.nanos(after.createdAt());
    // the first page: every mention is older than Long.MAX_VALUE, whatever the id
    String id = after == null ? "" : after.conversation().value();
    long seq = after == null ? Long.MAX_VALUE : after.seq();
    return db.query(tx -> tx.list(OF,
        rs -> PostgresMessageStore.message(new ConversationId(rs.getString(13)), rs), user.value(), before, id, seq,
        limit));
  }
}
