package io.chatflow.adapter.sqlite;

import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.message.Message;
import io.chatflow.domain.message.MessageId;
import io.chatflow.domain.search.SearchTerms;
import io.chatflow.domain.user.UserId;
import io.chatflow.ports.out.SearchStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.StringJoiner;

/**
 * Search on the FTS5 index of V8, which triggers keep in step with the messages. The reader's
 * conversations go into the full-text query as scope words, so FTS5 intersects postings and
 * only the hits in those conversations are ranked (bm25, the scope column weighing nothing).
 */
final class SqliteSearchStore implements SearchStore {
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
      ORDER BY s.score DESC, m.created_at DESC, m.id DESC
      LIMIT ?6""";

  /** Every statement of this store, for the query-plan tests. */
  static final List<String> STATEMENTS = List.of(SEARCH);

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
      String match = match(query.terms(), scope(tx, query));
      if (match == null) {
        return List.of();
      }
      Place after = query.after();
      return tx.list(SEARCH, SqliteSearchStore::hit, match,
          query.sender() == null ? null : query.sender().value(),
          after == null ? null : after.score(), after == null ? null : after.createdAt(),
          after == null ? null : after.id().value(), query.limit());
    });
  }

  /** The scope words of the query's conversations that exist, OR-ed; null when none does. */
  private static String scope(Statements tx, Query query) {
    StringJoiner scope = new StringJoiner(" OR ", "(", ")");
    scope.setEmptyValue("");
    for (ConversationId id : query.conversations()) {
      long no = SqliteConversationStore.number(tx, id);
      if (no != 0) {
        scope.add("\"c" + no + "\"");
      }
    }
    return scope.toString();
  }

  /** An FTS5 query: every word in the body (the last as a prefix), in one of the conversations. */
  static String match(SearchTerms terms, String scope) {
    if (scope.isEmpty()) {
      return null;
    }
    StringJoiner words = new StringJoiner(" AND ", "(", ")");
    terms.exact().forEach(w -> words.add(quoted(w)));
    words.add(quoted(terms.prefix()) + " *");
    return "body : " + words + " AND scope : " + scope;
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
