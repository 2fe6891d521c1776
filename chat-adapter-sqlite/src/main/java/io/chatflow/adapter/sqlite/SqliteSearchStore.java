package io.chatflow.adapter.sqlite;

import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.message.Message;
import io.chatflow.domain.message.MessageId;
import io.chatflow.domain.search.SearchTerms;
import io.chatflow.domain.user.UserId;
import io.chatflow.ports.out.SearchStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.StringJoiner;

/**
 * Search on the FTS5 index in the file beside the database ({@link SearchIndex}), which the
 * {@link SearchIndexer} keeps right behind the messages: a search first waits for it to hold what
 * was committed when the search began. Each word is
 * indexed under its conversation ({@link SearchWords}), so a query names the words of the
 * reader's conversations, and FTS5 reads, and bm25 counts, only their postings. The hits are
 * ranked by bm25, then newest; only the page's rows are read in full. A reader in very many
 * conversations is searched {@link #CONVERSATIONS_PER_QUERY} at a time and the pages merged: a
 * message's score depends only on its own conversation's words, so it is the same in any query.
 */
final class SqliteSearchStore implements SearchStore {
  /** Conversations one full-text query names. */
  static final int CONVERSATIONS_PER_QUERY = 64;
  private static final String SEARCH = """
      SELECT m.seq, m.id, m.sender_id, m.body, m.created_at, m.edited_at, m.deleted, m.client_message_id,
        c.id, t.score
      FROM (SELECT s.position, s.score, m.created_at, m.id
            FROM (SELECT rowid AS position, -bm25(message_words) AS score FROM search.message_words
                  WHERE message_words MATCH ?1) s
            JOIN messages m ON m.position = s.position
            WHERE m.deleted = 0 AND (?2 IS NULL OR m.sender_id = ?2)
              AND (?3 IS NULL OR s.score < ?3
                OR (s.score = ?3 AND (m.created_at < ?4 OR (m.created_at = ?4 AND m.id < ?5))))
            ORDER BY s.score DESC, m.created_at DESC, m.id DESC
            LIMIT ?6) t
      JOIN messages m ON m.position = t.position
      JOIN conversations c ON c.no = m.conversation_no
      ORDER BY t.score DESC, t.created_at DESC, t.id DESC""";
  private static final Comparator<Hit> ORDER = Comparator.comparingDouble(Hit::score)
      .thenComparing(h -> h.message().createdAt()).thenComparing(h -> h.message().id().value()).reversed();

  /** Every statement of this store, for the query-plan tests. */
  static final List<String> STATEMENTS = List.of(SEARCH);

  /** How long a search waits for the index to catch up before it answers 503. */
  static final Duration PATIENCE = Duration.ofSeconds(2);

  private final Database db;
  private final SearchIndexer indexer;

  /** {@code indexer} null: read the index as it is (a store beside the owner, in tests). */
  SqliteSearchStore(Database db, SearchIndexer indexer) {
    this.db = db;
    this.indexer = indexer;
  }

  @Override
  public List<Hit> search(Query query) {
    if (query.terms().isEmpty() || query.conversations().isEmpty()) {
      return List.of();
    }
    if (indexer != null) {
      // every message committed before the search began is found, as with an index kept by the writer
      indexer.awaitIndexed(db.query(SqliteEventStore::head), PATIENCE);
    }
    return db.query(tx -> {
      List<Long> numbers = new ArrayList<>();
      for (ConversationId id : query.conversations()) {
        long no = SqliteConversationStore.number(tx, id);
        if (no != 0) {
          numbers.add(no);
        }
      }
      Place after = query.after();
      Object sender = query.sender() == null ? null : query.sender().value();
      Object score = after == null ? null : after.score();
      Object createdAt = after == null ? null : after.createdAt();
      Object id = after == null ? null : after.id().value();
      List<Hit> hits = new ArrayList<>();
      for (int from = 0; from < numbers.size(); from += CONVERSATIONS_PER_QUERY) {
        List<Long> some = numbers.subList(from, Math.min(numbers.size(), from + CONVERSATIONS_PER_QUERY));
        hits.addAll(tx.list(SEARCH, SqliteSearchStore::hit, match(query.terms(), some), sender, score, createdAt, id,
            query.limit()));
      }
      if (numbers.size() <= CONVERSATIONS_PER_QUERY) {
        return hits;
      }
      hits.sort(ORDER);
      return List.copyOf(hits.subList(0, Math.min(hits.size(), query.limit())));
    });
  }

  /** An FTS5 query: in one of the conversations {@code numbers}, every word (the last as a prefix). */
  static String match(SearchTerms terms, List<Long> numbers) {
    StringJoiner any = new StringJoiner(" OR ");
    for (long no : numbers) {
      StringJoiner all = new StringJoiner(" AND ", "(", ")");
      terms.exact().forEach(w -> all.add(quoted(SearchWords.token(no, w))));
      all.add(quoted(SearchWords.token(no, terms.prefix())) + " *");
      any.add(all.toString());
    }
    return any.toString();
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
