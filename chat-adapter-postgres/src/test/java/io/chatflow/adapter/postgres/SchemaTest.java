package io.chatflow.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatflow.domain.conversation.Conversation;
import io.chatflow.domain.conversation.ConversationId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@NeedsPostgres
class SchemaTest {
  private static final List<String> PER_CONVERSATION = List.of("members", "past_members", "messages", "events", "reactions", "mentions");

  private PostgresSettings settings;

  @BeforeEach
  void migrated() {
    settings = TestDatabase.freshSchema();
    assertThat(PostgresStores.migrate(settings)).isEqualTo("9");
  }

  @AfterEach
  void drop() {
    TestDatabase.drop(settings.schema());
  }

  private List<String> strings(String sql, String... args) throws SQLException {
    try (Connection c = TestDatabase.connect(); PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        s.setString(i + 1, args[i]);
      }
      List<String> found = new ArrayList<>();
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          found.add(rs.getString(1));
        }
      }
      return found;
    }
  }

  @Test
  void perConversationTablesLeadTheirKeysAndUniqueIndexesWithTheConversationAndReferenceNothing() throws SQLException {
    for (String table : PER_CONVERSATION) {
      String qualified = settings.schema() + "." + table;
      // the first column of every primary key and unique index
      List<String> leading = strings("""
          SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
          WHERE i.indrelid = ?::regclass AND (i.indisprimary OR i.indisunique)""", qualified);
      assertThat(leading).as(table).isNotEmpty().containsOnly("conversation_id");
      assertThat(strings("SELECT conname FROM pg_constraint WHERE conrelid = ?::regclass AND contype = 'f'", qualified))
          .as(table + " foreign keys").isEmpty();
    }
  }

  @Test
  void migratingAgainChangesNothingAndTheDataStays() {
    Conversation group = Conversation.group(new ConversationId("c-1"), "Team", Instant.parse("2026-12-01T10:00:00Z"));
    try (PostgresStores stores = PostgresStores.open(settings)) {
      stores.transactions().write(() -> {
        stores.conversations().save(group);
        return null;
      });
    }
    assertThat(PostgresStores.migrate(settings)).isEqualTo("9");
    try (PostgresStores stores = PostgresStores.open(settings)) {
      assertThat(stores.transactions().read(() -> stores.conversations().findById(group.id()))).contains(group);
    }
  }

  @Test
  void aSchemaNewerThanThisBuildIsRefusedUntouched() throws SQLException {
    try (Connection c = TestDatabase.connect(); Statement s = c.createStatement()) {
      s.execute("INSERT INTO " + settings.schema() + ".flyway_schema_history (installed_rank, version, description, type,"
          + " script, checksum, installed_by, execution_time, success) VALUES (99, '99', 'from the future', 'SQL',"
          + " 'V99__from_the_future.sql', 0, 'test', 0, TRUE)");
    }
    assertThatThrownBy(() -> PostgresStores.open(settings)).isInstanceOf(PostgresStoreException.class)
        .hasMessageContaining("newer than this build");
  }

  @Test
  void aServerThatIsNotThereIsUnavailable() {
    PostgresSettings nowhere = PostgresSettings.of("jdbc:postgresql://127.0.0.1:1/chatflow", "chatflow", "");
    assertThatThrownBy(() -> PostgresStores.open(nowhere)).isInstanceOf(PostgresUnavailableException.class)
        .hasMessageContaining("cannot reach PostgreSQL");
  }

  @Test
  void theSettingsNeverShowThePassword() {
    assertThat(PostgresSettings.of(TestDatabase.URL, "chatflow", "s3cret").toString()).doesNotContain("s3cret");
  }
}
