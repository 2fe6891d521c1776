package io.chatflow.adapter.sqlite;

import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.message.Message;
import io.chatflow.domain.message.MessageId;
import io.chatflow.domain.search.SearchTerms;
import io.chatflow.domain.user.UserId;
import io.chatflow.ports.out.SearchStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * Search on the FTS5 index of V8, which triggers keep in step with the messages. The reader's
 * conversations go into the full-text query as scope words, so FTS5 intersects postings and
 * only the hits in those conversations are ranked (bm25, the scope column weighing nothing).
 * For a reader in very many conversations the scope's postings would outweigh the words' own:
 * then the words alone are matched and the hits filtered by conversation.
 */
final class SqliteSearchStore implements SearchStore {
  /** Beyond this many conversations the scope is a filter on the hits, not part of the match. */
  static final int MAX_SCOPE_WORDS = 64;
  private static final String SEARCH = """
      SELECT m.seq, m.id, m.sender_id, m.body, m.created_at, m.edited_at, m.deleted, m.client_message_id,
        c.id, s.score
      FROM (SELECT rowid AS position, -bm25(messages_fts, 1.0, 0.0) AS score FROM messages_fts
            WHERE messages_fts MATCH ?1) s
      JOIN messages m ON m.position = s.position
      JOIN conversations c ON c.no = m.conversation_no
      WHERE m.deleted = 0 AND (?2 IS NULL OR m.sender_id = ?2)
        AND (?3 IS NULL OR s.score < ?3
          OR (s.score = ?3 AND (m.created_at < ?4 OR (m.created_at = ?4 AND m.id < ?5))))
        %s
      ORDER BY s.score DESC, m.created_at DESC, m.id DESC
      LIMIT ?6""";
  private static final String IN_SCOPE = SEARCH.formatted("");
  private static final String FILTERED = SEARCH.formatted("AND m.conversation_no IN (SELECT value FROM json_each(?7))");

  /** Every statement of this store, for the query-plan tests. */
  static final List<String> STATEMENTS = List.of(IN_SCOPE, FILTERED);

  private final Database db;

  SqliteSearchStore(Database db) {
    this.db = db;
  }

  @Override
  public List<Hit> search(Query query) {
    if (query.terms().isEmpty() || query.conversations().isEmpty()) {
      return List.of();
    }
    return db.query(tx -> {
      List<Long> numbers = new ArrayList<>();
      for (ConversationId id : query.conversations()) {
        long no = SqliteConversationStore.number(tx, id);
        if (no != 0) {
          numbers.add(no);
        }
      }
      if (numbers.isEmpty()) {
        return List.of();
      }
      Place after = query.after();
      Object sender = query.sender() == null ? null : query.sender().value();
      Object score = after == null ? null : after.score();
      Object createdAt = after == null ? null : after.createdAt();
      Object id = after == null ? null : after.id().value();
      if (numbers.size() > MAX_SCOPE_WORDS) {
        return tx.list(FILTERED, SqliteSearchStore::hit, match(query.terms(), List.of()), sender, score, createdAt,
            id, query.limit(), numbers.toString());
      }
      return tx.list(IN_SCOPE, SqliteSearchStore::hit, match(query.terms(), numbers), sender, score, createdAt, id,
          query.limit());
    });
  }

  /**
   * An FTS5 query: every word in the body (the last as a prefix) and, when {@code scope} names
   * conversations, one of their scope words.
   */
  static String match(SearchTerms terms, List<Long> scope) {
    StringJoiner words = new StringJoiner(" AND ", "(", ")");
    terms.exact().forEach(w -> words.add(quoted(w)));
    words.add(quoted(terms.prefix()) + " *");
    if (scope.isEmpty()) {
      return "body : " + words;
    }
    StringJoiner conversations = new StringJoiner(" OR ", "(", ")");
    scope.forEach(no -> conversations.add("\"c" + no + "\""));
    return "body : " + words + " AND scope : " + conversations;
  }

  private static String quoted(String word) {
    return '"' + word.replace("\"", "\"\"") + '"';
  }

  private static Hit hit(ResultSet rs) throws SQLException {
    Message m = new Message(new MessageId(rs.getString(2)), new ConversationId(rs.getString(9)), rs.getLong(1),
        new UserId(rs.getString(3)), rs.getString(4), Times.instant(rs.getLong(5)), Times.instantOrNull(rs, 6),
        rs.getInt(7) != 0, rs.getString(8));
    return new Hit(m, rs.getDouble(10));
  }
}
