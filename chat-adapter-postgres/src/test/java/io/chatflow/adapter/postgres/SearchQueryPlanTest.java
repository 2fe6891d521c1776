package io.chatflow.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatflow.domain.search.SearchTerms;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A search reads the GIN index of the words, never a pass over every message (20,000 in 50 conversations here). */
@NeedsPostgres
class SearchQueryPlanTest {
  private PostgresSettings settings;

  @BeforeEach
  void migratedWithMessages() throws Exception {
    settings = TestDatabase.freshSchema();
    PostgresStores.migrate(settings);
    try (Connection c = connect(); Statement s = c.createStatement()) {
      s.execute("""
          INSERT INTO messages (conversation_id, seq, position, id, sender_id, body, created_at, edited_at, deleted,
            client_message_id)
          SELECT 'c' || (g % 50), g / 50 + 1, g, 'm' || g, 'u' || (g % 7),
            'word' || (g % 500) || ' and some filler ' || (g % 13), g, NULL, false, NULL
          FROM generate_series(1, 20000) g""");
      // as autovacuum would: statistics, and the GIN index's pending list merged (the planner
      // prices a long pending list as read in full, which on a table this small rivals a scan)
      s.execute("VACUUM ANALYZE messages");
    }
  }

  @AfterEach
  void drop() {
    TestDatabase.drop(settings.schema());
  }

  @Test
  void aSearchOverManyConversationsReadsTheWordsIndexAndNoMessageItDoesNotFind() throws Exception {
    String[] scope = IntStream.range(0, 40).mapToObj(i -> "c" + i).toArray(String[]::new);
    String query = PostgresSearchStore.tsquery(SearchTerms.parse("word123"));

    List<String> plan = explain(PostgresSearchStore.FIRST_PAGE, query, scope);

    assertThat(plan).anyMatch(step -> step.contains("Bitmap Index Scan on messages_by_words"));
    assertThat(plan).noneMatch(step -> step.contains("Seq Scan"));
  }

  @Test
  void aSearchFromACursorToo() throws Exception {
    String[] scope = IntStream.range(0, 40).mapToObj(i -> "c" + i).toArray(String[]::new);
    String query = PostgresSearchStore.tsquery(SearchTerms.parse("filler word12"));

    List<String> plan = explain(PostgresSearchStore.NEXT_PAGE, query, scope, 0.5, 0.5, 100L, 100L, "m5");

    assertThat(plan).anyMatch(step -> step.contains("Bitmap Index Scan on messages_by_words"));
    assertThat(plan).noneMatch(step -> step.contains("Seq Scan"));
  }

  private List<String> explain(String sql, String query, String[] scope, Object... after) throws Exception {
    List<String> plan = new ArrayList<>();
    try (Connection c = connect(); PreparedStatement s = c.prepareStatement("EXPLAIN " + sql)) {
      int i = 1;
      s.setString(i++, query);
      s.setString(i++, query);
      s.setArray(i++, c.createArrayOf("text", scope));
      s.setNull(i++, java.sql.Types.VARCHAR);
      s.setNull(i++, java.sql.Types.VARCHAR);
      for (Object a : after) {
        s.setObject(i++, a);
      }
      s.setInt(i, 21);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          plan.add(rs.getString(1));
        }
      }
    }
    return plan;
  }

  private Connection connect() throws Exception {
    Connection c = TestDatabase.connect();
    try (Statement s = c.createStatement()) {
      s.execute("SET search_path TO " + settings.schema() + ", public");
    }
    return c;
  }
}
