package io.chatflow.adapter.postgres;

import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.message.Message;
import io.chatflow.domain.message.MessageId;
import io.chatflow.domain.search.SearchTerms;
import io.chatflow.domain.user.UserId;
import io.chatflow.ports.out.SearchStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * Search on the GIN index of V4: the query's words against each message's generated words
 * column, in the reader's conversations; ts_rank (divided by the log of the length) orders
 * them, then the newest. Ids compare in code point order (COLLATE "C"), as the core does.
 */
final class PostgresSearchStore implements SearchStore {
  private static final String HITS = """
      SELECT m.seq, m.id, m.sender_id, m.body, m.created_at, m.edited_at, m.deleted, m.client_message_id,
        m.conversation_id, ts_rank(m.words, search_query(?), 1)::float8 AS score
      FROM messages m
      WHERE m.words @@ search_query(?) AND NOT m.deleted AND m.conversation_id = ANY (?)
        AND (?::text IS NULL OR m.sender_id = ?)""";
  private static final String ORDER = """
      ORDER BY score DESC, created_at DESC, id COLLATE "C" DESC
      LIMIT ?""";
  static final String FIRST_PAGE = "SELECT * FROM (" + HITS + ") s\n" + ORDER;
  static final String NEXT_PAGE = "SELECT * FROM (" + HITS + """
      ) s
      WHERE s.score < ? OR (s.score = ? AND (s.created_at < ? OR (s.created_at = ? AND s.id COLLATE "C" < ?)))
      """ + ORDER;

  private final Database db;

  PostgresSearchStore(Database db) {
    this.db = db;
  }

  @Override
  public List<Hit> search(Query query) {
    if (query.terms().isEmpty() || query.conversations().isEmpty()) {
      return List.of();
    }
    String tsquery = tsquery(query.terms());
    String[] conversations = query.conversations().stream().map(ConversationId::value).toArray(String[]::new);
    Object sender = query.sender() == null ? Tx.NULL_TEXT : query.sender().value();
    List<Object> args = new ArrayList<>(List.of(tsquery, tsquery, conversations, sender, sender));
    Place after = query.after();
    if (after != null) {
      args.addAll(List.of(after.score(), after.score(), after.createdAt(), after.createdAt(), after.id().value()));
    }
    args.add(query.limit());
    String sql = after == null ? FIRST_PAGE : NEXT_PAGE;
    return db.query(tx -> tx.list(sql, PostgresSearchStore::hit, args.toArray()));
  }

  /** "'word' & 'word' & 'last':*": the words are the core's folded letters and digits, quoted. */
  static String tsquery(SearchTerms terms) {
    StringJoiner q = new StringJoiner(" & ");
    terms.exact().forEach(w -> q.add(quoted(w)));
    q.add(quoted(terms.prefix()) + ":*");
    return q.toString();
  }

  private static String quoted(String word) {
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'";
  }

  private static Hit hit(ResultSet rs) throws SQLException {
    long edited = rs.getLong(6);
    Instant editedAt = rs.wasNull() ? null : Times.instant(edited);
    Message m = new Message(new MessageId(rs.getString(2)), new ConversationId(rs.getString(9)), rs.getLong(1),
        new UserId(rs.getString(3)), rs.getString(4), Times.instant(rs.getLong(5)), editedAt, rs.getBoolean(7),
        rs.getString(8));
    return new Hit(m, rs.getDouble(10));
  }
}
