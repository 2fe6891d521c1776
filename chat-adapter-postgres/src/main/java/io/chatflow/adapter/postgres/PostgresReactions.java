package io.chatflow.adapter.postgres;

import io.chatflow.domain.NotFoundException;
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

/** Reactions on messages (V3): a row per person and emoji, numbered by {@code ord} as they come. */
final class PostgresReactions {
  private static final String ADD = """
      INSERT INTO reactions (conversation_id, seq, emoji, user_id, created_at) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT DO NOTHING""";
  private static final String REMOVE =
      "DELETE FROM reactions WHERE conversation_id = ? AND seq = ? AND emoji = ? AND user_id = ?";
  private static final String REMOVE_ALL = "DELETE FROM reactions WHERE conversation_id = ? AND seq = ?";
  // a page's messages in one statement
  private static final String ON = """
      SELECT seq, emoji, user_id FROM reactions
      WHERE conversation_id = ? AND seq = ANY (?::bigint[]) ORDER BY seq, ord""";

  // one message (a conversation's last one in the list): no array to build and parse
  private static final String ON_ONE =
      "SELECT seq, emoji, user_id FROM reactions WHERE conversation_id = ? AND seq = ? ORDER BY ord";

  private final Database db;

  PostgresReactions(Database db) {
    this.db = db;
  }

  boolean add(ConversationId conversation, long seq, String emoji, UserId user, Instant at) {
    return db.change(tx -> {
      requireConversation(tx, conversation);
      return tx.update(ADD, conversation.value(), seq, emoji, user.value(), at) > 0;
    });
  }

  boolean remove(ConversationId conversation, long seq, String emoji, UserId user) {
    return db.change(tx -> {
      requireConversation(tx, conversation);
      return tx.update(REMOVE, conversation.value(), seq, emoji, user.value()) > 0;
    });
  }

  static void deleteAll(Tx tx, ConversationId conversation, long seq) {
    tx.update(REMOVE_ALL, conversation.value(), seq);
  }

  Map<Long, List<Reaction>> on(ConversationId conversation, Collection<Long> seqs) {
    if (seqs.isEmpty()) {
      return Map.of();
    }
    Tx.Row<Row> row = rs -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3));
    List<Row> rows = db.query(tx -> {
      ConversationLock.lock(tx, conversation);
      return seqs.size() == 1
          ? tx.list(ON_ONE, row, conversation.value(), seqs.iterator().next())
          : tx.list(ON, row, conversation.value(), "{" + String.join(",", seqs.stream().map(String::valueOf).toList()) + "}");
    });
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

  private static void requireConversation(Tx tx, ConversationId conversation) {
    if (ConversationLock.lock(tx, conversation) == null) {
      throw new NotFoundException("conversation");
    }
  }

  private record Row(long seq, String emoji, String user) {}
}
