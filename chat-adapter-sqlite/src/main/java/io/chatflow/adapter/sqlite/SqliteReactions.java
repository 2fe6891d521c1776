package io.chatflow.adapter.sqlite;

import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.message.Reaction;
import io.chatflow.domain.user.UserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Reactions on messages (V7): a row per person and emoji, ordered by rowid, so by when they reacted. */
final class SqliteReactions {
  private static final String ADD = """
      INSERT INTO reactions (conversation_no, seq, emoji, user_id, created_at) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT DO NOTHING""";
  private static final String REMOVE =
      "DELETE FROM reactions WHERE conversation_no = ? AND seq = ? AND emoji = ? AND user_id = ?";
  private static final String REMOVE_ALL = "DELETE FROM reactions WHERE conversation_no = ? AND seq = ?";
  // a page's messages in one statement: their seqs as a JSON array; the conversation's number
  // found in the same statement (on a read connection a lookup of its own costs a statement)
  private static final String ON = """
      SELECT r.seq, r.emoji, r.user_id FROM conversations c JOIN reactions r ON r.conversation_no = c.no
      WHERE c.id = ? AND r.seq IN (SELECT value FROM json_each(?)) ORDER BY r.seq, r.rowid""";

  // one message (a conversation's last one in the list): no JSON to build and parse
  private static final String ON_ONE = """
      SELECT r.seq, r.emoji, r.user_id FROM conversations c JOIN reactions r ON r.conversation_no = c.no
      WHERE c.id = ? AND r.seq = ? ORDER BY r.rowid""";

  /** Every statement here, for the query-plan test. */
  static final List<String> STATEMENTS = List.of(ADD, REMOVE, REMOVE_ALL, ON, ON_ONE);

  private final Database db;

  SqliteReactions(Database db) {
    this.db = db;
  }

  boolean add(ConversationId conversation, long seq, String emoji, UserId user, Instant at) {
    return db.change(tx -> tx.update(ADD, existing(tx, conversation), seq, emoji, user.value(), at) > 0);
  }

  boolean remove(ConversationId conversation, long seq, String emoji, UserId user) {
    return db.change(tx -> tx.update(REMOVE, existing(tx, conversation), seq, emoji, user.value()) > 0);
  }

  static void deleteAll(Statements tx, long conversation, long seq) {
    tx.update(REMOVE_ALL, conversation, seq);
  }

  Map<Long, List<Reaction>> on(ConversationId conversation, Collection<Long> seqs) {
    if (seqs.isEmpty()) {
      return Map.of();
    }
    Statements.Row<Row> row = rs -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3));
    List<Row> rows = seqs.size() == 1
        ? db.query(tx -> tx.list(ON_ONE, row, conversation.value(), seqs.iterator().next()))
        : db.query(tx -> tx.list(ON, row, conversation.value(),
            seqs.stream().map(String::valueOf).collect(Collectors.joining(",", "[", "]"))));
    Map<Long, Map<String, List<UserId>>> bySeq = new LinkedHashMap<>();
    for (Row r : rows) {
      bySeq.computeIfAbsent(r.seq(), s -> new LinkedHashMap<>())
          .computeIfAbsent(r.emoji(), e -> new ArrayList<>()).add(new UserId(r.user()));
    }
    Map<Long, List<Reaction>> found = new HashMap<>();
    bySeq.forEach((seq, byEmoji) -> found.put(seq,
        byEmoji.entrySet().stream().map(e -> new Reaction(e.getKey(), e.getValue())).toList()));
    return found;
  }

  private static long existing(Statements tx, ConversationId conversation) {
    long number = SqliteMessageStore.number(tx, conversation);
    if (number == 0) {
      throw new io.chatflow.domain.NotFoundException("conversation");
    }
    return number;
  }

  private record Row(long seq, String emoji, String user) {}
}
