package io.chatflow.adapter.sqlite;

import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.message.Message;
import io.chatflow.domain.user.UserId;
import io.chatflow.ports.out.MessageStore;
import io.chatflow.ports.out.MessageStore.MentionKey;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Mentions (V7): the message row names whom it mentions (for showing), and the mentions table
 * holds one row per person mentioned, the sender left out, for the list and the count.
 */
final class SqliteMentions {
  private static final String INSERT =
      "INSERT OR IGNORE INTO mentions (conversation_no, seq, user_id, created_at) VALUES (?, ?, ?, ?)";
  private static final String DELETE = "DELETE FROM mentions WHERE conversation_no = ? AND seq = ?";
  // a summary's two counts in one statement (the first is SqliteMessageStore's UNREAD)
  private static final String UNREAD = """
      SELECT (SELECT COUNT(*) FROM messages WHERE conversation_no = c.no AND seq > ?2 AND deleted = 0 AND sender_id <> ?3),
        (SELECT COUNT(*) FROM mentions WHERE user_id = ?3 AND conversation_no = c.no AND seq > ?2)
      FROM conversations c WHERE c.id = ?1""";
  // newest first, strictly after the cursor; only in conversations the reader is a member of now
  private static final String OF = """
      SELECT %s, c.id FROM mentions x
        JOIN conversations c ON c.no = x.conversation_no
        JOIN members m ON m.conversation_id = c.id AND m.user_id = x.user_id
        JOIN messages g ON g.conversation_no = x.conversation_no AND g.seq = x.seq
      WHERE x.user_id = ?1 AND (x.created_at < ?2 OR (x.created_at = ?2 AND (c.id < ?3 OR (c.id = ?3 AND x.seq < ?4))))
      ORDER BY x.created_at DESC, c.id DESC, x.seq DESC LIMIT ?5""".formatted(
          Arrays.stream(SqliteMessageStore.COLUMNS.split(", ")).map(c -> "g." + c).collect(Collectors.joining(", ")));

  /** Every statement here, for the query-plan test. */
  static final List<String> STATEMENTS = List.of(INSERT, DELETE, UNREAD, OF);

  private final Database db;

  SqliteMentions(Database db) {
    this.db = db;
  }

  /** The message row's column: the ids space-separated, or NULL for nobody. */
  static String column(Message m) {
    return m.mentions().isEmpty() ? null : m.mentions().stream().map(UserId::value).collect(Collectors.joining(" "));
  }

  static List<UserId> parse(String column) {
    return column == null ? List.of() : Arrays.stream(column.split(" ")).map(UserId::new).toList();
  }

  static void insert(Statements tx, long conversation, Message m) {
    if (m.deleted()) {
      return;
    }
    for (UserId named : m.mentions()) {
      if (!m.isFrom(named)) {
        tx.update(INSERT, conversation, m.seq(), named.value(), m.createdAt());
      }
    }
  }

  static void replace(Statements tx, long conversation, Message m) {
    tx.update(DELETE, conversation, m.seq());
    insert(tx, conversation, m);
  }

  MessageStore.Unread unread(ConversationId conversation, long afterSeq, UserId reader) {
    return db.query(tx -> tx.one(UNREAD, rs -> new MessageStore.Unread(rs.getLong(1), rs.getLong(2)),
        conversation.value(), afterSeq, reader.value())).orElse(new MessageStore.Unread(0, 0));
  }

  List<Message> of(UserId user, MentionKey after, int limit) {
    long before = after == null ? Long.MAX_VALUE : Times.nanos(after.createdAt());
    String id = after == null ? "" : after.conversation().value();
    long seq = after == null ? 0 : after.seq();
    return db.query(tx -> tx.list(OF,
        rs -> SqliteMessageStore.message(new ConversationId(rs.getString(13)), rs), user.value(), before, id, seq,
        limit));
  }
}
