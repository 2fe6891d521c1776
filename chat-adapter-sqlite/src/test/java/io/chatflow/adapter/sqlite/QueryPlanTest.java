package io.chatflow.adapter.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class QueryPlanTest {
  private static final Set<String> BIG_TABLES =
      Set.of("users", "sessions", "session_tokens", "conversations", "members", "messages", "events", "reactions",
          "mentions");
  // "SCAN messages" or "SCAN members AS m": a pass over the whole table (with or without an index)
  private static final Pattern SCAN = Pattern.compile("^SCAN (\\w+)(?: AS (\\w+))?");

  private Path directory;
  private SqliteStores stores;

  @BeforeEach
  void open() {
    directory = TestDatabases.newDirectory();
    stores = SqliteStores.open(TestDatabases.settings(directory));
  }

  @AfterEach
  void close() {
    stores.close();
    TestDatabases.delete(directory);
  }

  @Test
  void noStoreStatementScansABigTable() throws Exception {
    Map<String, List<String>> statements = new LinkedHashMap<>();
    statements.put("users", SqliteUserStore.STATEMENTS);
    statements.put("sessions", SqliteSessionStore.STATEMENTS);
    statements.put("conversations", SqliteConversationStore.STATEMENTS);
    statements.put("messages", SqliteMessageStore.STATEMENTS);
    statements.put("reactions", SqliteReactions.STATEMENTS);
    statements.put("mentions", SqliteMentions.STATEMENTS);
    statements.put("events", SqliteEventStore.STATEMENTS);
    statements.put("search", SqliteSearchStore.STATEMENTS);
    statements.put("search indexer", SearchIndexer.STATEMENTS);
    List<String> scans = new ArrayList<>();
    int checked = 0;
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + directory.resolve("chatflow.db"))) {
      TestDatabases.attachSearchIndex(c, directory);
      for (var store : statements.entrySet()) {
        for (String sql : store.getValue()) {
          List<String> plan = plan(c, sql);
          for (String step : plan) {
            Matcher m = SCAN.matcher(step);
            if (m.find() && BIG_TABLES.contains(m.group(1))) {
              scans.add(store.getKey() + ": " + sql.replaceAll("\\s+", " ") + "\n  " + String.join("\n  ", plan));
            }
          }
          checked++;
        }
      }
    }
    assertThat(checked).isGreaterThanOrEqualTo(35);
    assertThat(scans).isEmpty();
  }

  private static List<String> plan(Connection c, String sql) throws Exception {
    List<String> steps = new ArrayList<>();
    try (PreparedStatement s = c.prepareStatement("EXPLAIN QUERY PLAN " + sql); ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        steps.add(rs.getString("detail"));
      }
    }
    return steps;
  }
}
