package io.chatflow.adapter.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A search reads the full-text index and the rows of its hits, never a pass over every message. */
class SearchQueryPlanTest {
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
  void aSearchStartsFromTheFullTextIndexAndLooksUpOnlyTheRowsItFinds() throws Exception {
    assertThat(SqliteSearchStore.STATEMENTS).hasSize(1);
    for (String sql : SqliteSearchStore.STATEMENTS) {
      List<String> plan = plan(sql);

      assertThat(plan).as(sql).anyMatch(step -> step.matches("SCAN search.message_words VIRTUAL TABLE INDEX \\d+:M.*"));
      assertThat(plan).as(sql).noneMatch(step -> step.matches("SCAN search.message_words VIRTUAL TABLE INDEX \\d+:(?!M).*"));
      assertThat(plan).filteredOn(step -> step.matches("SEARCH m USING INTEGER PRIMARY KEY \\(rowid=\\?\\)"))
          .as("the hits' rows, then the page's").hasSize(2);
      assertThat(plan).anyMatch(step -> step.matches("SEARCH c USING (COVERING )?INDEX conversations_by_no \\(no=\\?\\)"));
      assertThat(plan).as(sql).noneMatch(step -> step.matches("SCAN (m|c|messages|conversations)\\b.*"));
    }
  }

  private List<String> plan(String sql) throws Exception {
    List<String> steps = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + directory.resolve("chatflow.db"))) {
      TestDatabases.attachSearchIndex(c, directory);
      try (PreparedStatement s = c.prepareStatement("EXPLAIN QUERY PLAN " + sql); ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          steps.add(rs.getString("detail"));
        }
      }
    }
    return steps;
  }
}
