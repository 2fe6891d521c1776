package io.chatflow.adapter.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import io.chatflow.domain.event.Event;
import io.chatflow.domain.event.EventCursor;
import io.chatflow.domain.event.EventType;
import org.junit.jupiter.api.Test;

class SchemaTest {
  private final Path directory = TestDatabases.newDirectory();
  private final Path file = directory.resolve("chatflow.db");

  @AfterEach
  void deleteFiles() {
    TestDatabases.delete(directory);
  }

  @Test
  void aFreshFileIsMigratedAndReopensWithoutChanges() {
    assertThat(SqliteStores.migrate(SqliteSettings.of(file))).isEqualTo("10");
    try (SqliteStores stores = SqliteStores.open(SqliteSettings.of(file))) {
      assertThat(stores.ready()).isTrue();
    }
    assertThat(SqliteStores.migrate(SqliteSettings.of(file))).isEqualTo("10");
  }

  @Test
  void aVersion1FileWithMessagesIsUpgradedKeepingThemAndTheirUnreadCount() throws Exception {
    annAndBenInConversationCAtVersion("1", 3);
    sql("""
        INSERT INTO messages (conversation_id, seq, id, sender_id, body, created_at, deleted)
          VALUES ('c', 1, 'm1', 'u1', 'one', 0, 0), ('c', 2, 'm2', 'u2', 'two', 0, 0), ('c', 3, 'm3', 'u2', 'three', 0, 1)""");
    assertThat(count("SELECT COUNT(*) FROM sqlite_schema WHERE name = 'messages_live'")).isEqualTo(1);

    try (SqliteStores stores = SqliteStores.open(SqliteSettings.of(file))) {
      var c = new io.chatflow.domain.conversation.ConversationId("c");
      assertThat(stores.messages().after(c, 0, 10)).extracting(m -> m.body()).containsExactly("one", "two", "three");
      assertThat(stores.messages().countUnread(c, 0, new io.chatflow.domain.user.UserId("u1"))).isEqualTo(1);
      assertThat(stores.messages().countUnread(c, 1, new io.chatflow.domain.user.UserId("u2"))).isZero();
    }
    assertThat(count("SELECT COUNT(*) FROM sqlite_schema WHERE name = 'messages_live'")).isZero();
  }

  @Test
  void aVersion2FileKeepsItsEventLogWhenMessageEventsBecomeMessageRows() throws Exception {
    annAndBenInConversationCAtVersion("2", 4);
    sql("""
        INSERT INTO members (conversation_id, user_id, role, joined_at, read_seq, since_event)
          VALUES ('c', 'u1', 'owner', 0, 0, 0), ('c', 'u2', 'member', 0, 0, 0)""");
    sql("""
        INSERT INTO messages (conversation_id, seq, id, sender_id, body, created_at, deleted)
          VALUES ('c', 1, 'm1', 'u1', 'one', 1, 0), ('c', 2, 'm2', 'u2', 'two', 3, 0),
                 ('c', 3, 'm3', 'u1', 'three', 5, 0), ('c', 4, 'm4', 'u2', 'four', 7, 0)""");
    // positions 1 (message 1) and 2 were pruned
    sql("UPDATE event_horizon SET position = 2");
    sql("""
        INSERT INTO events (position, type, conversation_id, recipient, at, seq) VALUES
          (3, 'message.created', 'c', NULL, 3, 2), (4, 'conversation.updated', 'c', NULL, 4, 0),
          (5, 'message.created', 'c', NULL, 5, 3), (6, 'read.updated', 'c', 'u1', 6, 3),
          (7, 'message.created', 'c', NULL, 7, 4)""");

    try (SqliteStores stores = SqliteStores.open(SqliteSettings.of(file))) {
      var ben = new io.chatflow.domain.user.UserId("u2");
      var ann = new io.chatflow.domain.user.UserId("u1");
      assertThat(stores.events().readFor(ben, new EventCursor(2), 100))
          .extracting(e -> e.position() + " " + e.type().wireName() + " " + e.seq() + " " + e.at().getNano())
          .containsExactly("3 message.created 2 3", "4 conversation.updated 0 4", "5 message.created 3 5",
              "7 message.created 4 7");
      assertThat(stores.events().readFor(ann, new EventCursor(4), 100)).extracting(e -> e.position())
          .containsExactly(5L, 6L, 7L);
      assertThat(stores.events().head()).isEqualTo(new EventCursor(7));

      var c = new io.chatflow.domain.conversation.ConversationId("c");
      var five = new io.chatflow.domain.message.Message(new io.chatflow.domain.message.MessageId("m5"), c, 5, ann,
          "five", java.time.Instant.EPOCH, null, false, null);
      long placed = stores.transactions().write(() -> stores.messages().insert(five)).position();
      assertThat(placed).isEqualTo(8);
      assertThat(stores.messages().after(c, 0, 10)).extracting(m -> m.body())
          .containsExactly("one", "two", "three", "four", "five");
    }
    assertThat(count("SELECT COUNT(*) FROM events WHERE type = 'message.created'")).isZero();
    assertThat(count("SELECT position FROM messages WHERE seq = 1")).as("a pruned event's message").isNegative();
  }

  @Test
  void aVersion4FileKeepsItsMessagesWhenTheyAreKeyedByConversationNumbers() throws Exception {
    annAndBenInConversationCAtVersion("4", 2);
    sql("INSERT INTO conversations (id, kind, title, created_at, last_activity_at, last_seq) VALUES ('d', 'group', 'D', 0, 0, 1)");
    sql("""
        INSERT INTO members (conversation_id, user_id, role, joined_at, read_seq, since_event)
          VALUES ('c', 'u1', 'owner', 0, 0, 0), ('c', 'u2', 'member', 0, 0, 0), ('d', 'u2', 'owner', 0, 0, 0)""");
    sql("""
        INSERT INTO messages (position, conversation_id, seq, id, sender_id, body, created_at, deleted, client_message_id)
          VALUES (1, 'c', 1, 'm1', 'u1', 'c one', 1, 0, 'k1'), (2, 'd', 1, 'm2', 'u2', 'd one', 2, 0, 'k1'),
                 (3, 'c', 2, 'm3', 'u2', 'c two', 3, 0, NULL)""");

    try (SqliteStores stores = SqliteStores.open(SqliteSettings.of(file))) {
      var c = new io.chatflow.domain.conversation.ConversationId("c");
      var d = new io.chatflow.domain.conversation.ConversationId("d");
      var ann = new io.chatflow.domain.user.UserId("u1");
      var ben = new io.chatflow.domain.user.UserId("u2");
      assertThat(stores.messages().after(c, 0, 10)).extracting(m -> m.conversationId().value() + " " + m.body())
          .containsExactly("c c one", "c c two");
      assertThat(stores.messages().before(d, 5, 10)).extracting(m -> m.body()).containsExactly("d one");
      assertThat(stores.messages().countUnread(c, 0, ann)).isEqualTo(1);
      assertThat(stores.messages().findByClientMessageId(d, ben, "k1")).get().extracting(m -> m.body())
          .isEqualTo("d one");
      assertThat(stores.events().readFor(ben, new EventCursor(0), 10))
          .extracting(e -> e.position() + " " + e.conversationId().value() + " " + e.seq())
          .containsExactly("1 c 1", "2 d 1", "3 c 2");

      // a conversation made after the upgrade takes a number of its own
      var e = new io.chatflow.domain.conversation.ConversationId("e");
      var first = new io.chatflow.domain.message.Message(new io.chatflow.domain.message.MessageId("m4"), e, 1, ann,
          "e one", java.time.Instant.EPOCH, null, false, null);
      stores.transactions().write(() -> {
        stores.conversations().save(io.chatflow.domain.conversation.Conversation.group(e, "E", java.time.Instant.EPOCH));
        return stores.messages().insert(first);
      });
      assertThat(stores.messages().after(e, 0, 10)).extracting(m -> m.body()).containsExactly("e one");
      assertThat(stores.messages().after(c, 0, 10)).hasSize(2);
      assertThat(stores.messages().after(new io.chatflow.domain.conversation.ConversationId("none"), 0, 10)).isEmpty();
    }
    assertThat(count("SELECT COUNT(DISTINCT no) FROM conversations")).isEqualTo(3);
  }

  @Test
  void aFileIsOpenInOneStoreAtATime() {
    try (SqliteStores first = SqliteStores.open(SqliteSettings.of(file))) {
      // a second store would not hear the first one's writes, and resuming clients would skip them
      assertThatThrownBy(() -> SqliteStores.open(SqliteSettings.of(file)))
          .isInstanceOf(SqliteStoreException.class)
          .hasMessageContaining("already open in another ChatFlow");
      assertThat(first.ready()).isTrue();
    }
    try (SqliteStores again = SqliteStores.open(SqliteSettings.of(file))) {
      assertThat(again.ready()).isTrue();
    }
  }

  @Test
  void openingCreatesMissingDirectories() {
    Path nested = directory.resolve("a/b/chatflow.db");
    try (SqliteStores stores = SqliteStores.open(SqliteSettings.of(nested))) {
      assertThat(stores.ready()).isTrue();
    }
    assertThat(nested).exists();
  }

  @Test
  void aClosedStoreIsNotReady() {
    SqliteStores stores = SqliteStores.open(SqliteSettings.of(file));
    stores.close();
    assertThat(stores.ready()).isFalse();
  }

  @Test
  void aStoreWhoseFileIsGoneIsNotReady() throws Exception {
    try (SqliteStores stores = SqliteStores.open(SqliteSettings.of(file))) {
      Files.delete(file);
      assertThat(stores.ready()).isFalse();
    }
  }

  @Test
  void aFileThatCannotBeOpenedIsACleanError() throws Exception {
    Path blocker = directory.resolve("plain-file");
    Files.writeString(blocker, "x");
    assertThatThrownBy(() -> SqliteStores.open(SqliteSettings.of(blocker.resolve("chatflow.db"))))
        .isInstanceOf(SqliteStoreException.class).hasMessageStartingWith("cannot open database file");
    assertThatThrownBy(() -> SqliteStores.open(SqliteSettings.of(directory)))
        .isInstanceOf(SqliteStoreException.class).hasMessageContaining("it is a directory");
  }

  @Test
  void aFileThatIsNotSqliteIsNotAChatFlowDatabase() throws Exception {
    Files.writeString(file, "this is a text file, not a database ".repeat(100));
    byte[] before = Files.readAllBytes(file);
    assertThatThrownBy(() -> SqliteStores.open(SqliteSettings.of(file)))
        .isInstanceOf(SqliteStoreException.class).hasMessageContaining("is not a ChatFlow database");
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
  }

  @Test
  void anotherApplicationsDatabaseIsRefusedUntouched() throws Exception {
    sql("CREATE TABLE invoices (id INTEGER PRIMARY KEY)");
    byte[] before = Files.readAllBytes(file);
    assertThatThrownBy(() -> SqliteStores.open(SqliteSettings.of(file)))
        .isInstanceOf(SqliteStoreException.class).hasMessageContaining("is not a ChatFlow database");
    // not even switched to WAL: the header, journal mode included, is as it was
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
    assertThat(tables()).containsExactly("invoices");
  }

  @Test
  void aSchemaNewerThanThisBuildIsRefused() throws Exception {
    SqliteStores.migrate(SqliteSettings.of(file));
    sql("""
        INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum,
          installed_by, execution_time, success) VALUES (99, '99', 'from the future', 'SQL', 'V99__future.sql', 0,
          'test', 0, 1)""");
    assertThatThrownBy(() -> SqliteStores.open(SqliteSettings.of(file)))
        .isInstanceOf(SqliteStoreException.class).hasMessageContaining("schema version 99")
        .hasMessageContaining("newer than this build");
  }

  @Test
  void aMigrationThatFailsHalfwayLeavesNoPartOfThePendingMigrations() throws Exception {
    assertThatThrownBy(() -> Schema.migrate(SqliteSettings.of(file), "classpath:db/broken-test"))
        .isInstanceOf(SqliteStoreException.class).hasMessageStartingWith("cannot migrate");
    assertThat(tables()).doesNotContain("first_table", "second_table");
    if (tables().contains("flyway_schema_history")) {
      assertThat(count("SELECT COUNT(*) FROM flyway_schema_history WHERE success = 1 AND version IS NOT NULL"))
          .isZero();
    }
  }

  @Test
  void theSearchIndexMergesSixteenSegmentsOfALevelAtOnce() throws Exception {
    SqliteStores.open(SqliteSettings.of(file)).close();

    assertThat(countInIndex("SELECT v FROM message_words_config WHERE k = 'automerge'")).isEqualTo(16);
    assertThat(countInIndex("SELECT v FROM message_words_config WHERE k = 'crisismerge'")).isEqualTo(64);
  }

  @Test
  void aVersion8FileHasItsLiveMessagesSearchableByConversationInTheIndexFileAfterTheUpgrade() throws Exception {
    annAndBenInConversationCAtVersion("8", 3);
    sql("UPDATE conversations SET no = 1 WHERE id = 'c'");
    sql("""
        INSERT INTO messages (position, conversation_no, seq, id, sender_id, body, created_at, deleted)
          VALUES (1, 1, 1, 'm1', 'u1', 'Crème brûlée tonight', 1, 0), (2, 1, 2, 'm2', 'u2', 'brûlée again', 2, 1),
                 (3, 1, 3, 'm3', 'u2', 'no dessert', 3, 0)""");
    sql("UPDATE messages SET body = 'the brûlée is gone' WHERE position = 3");

    try (SqliteStores stores = SqliteStores.open(SqliteSettings.of(file))) {
      var c = new io.chatflow.domain.conversation.ConversationId("c");
      var brul = new io.chatflow.ports.out.SearchStore.Query(io.chatflow.domain.search.SearchTerms.parse("BRUL"),
          java.util.Set.of(c), null, null, 10);
      assertThat(stores.search().search(brul)).extracting(h -> h.message().id().value())
          .containsExactlyInAnyOrder("m1", "m3");
    }
    assertThat(tables()).contains("search_index").doesNotContain("message_words", "messages_fts");
    assertThat(countInIndex("SELECT COUNT(*) FROM message_words WHERE message_words MATCH '\"1_brulee\"'")).isEqualTo(2);
    assertThat(countInIndex("SELECT COUNT(*) FROM message_words WHERE message_words MATCH '\"1_dessert\"'")).isZero();
  }

  /** A file migrated up to {@code version} holding users u1 (ann) and u2 (ben) and group c at {@code lastSeq}. */
  private void annAndBenInConversationCAtVersion(String version, int lastSeq) throws Exception {
    org.flywaydb.core.Flyway.configure().dataSource(DataSources.dataSource(SqliteSettings.of(file), false))
        .locations("classpath:db/chatflow").table("flyway_schema_history").target(version).load().migrate();
    sql("""
        INSERT INTO users (id, username, display_name, display_name_lower, password_hash, created_at)
          VALUES ('u1', 'ann', 'Ann', 'ann', 'h', 0), ('u2', 'ben', 'Ben', 'ben', 'h', 0)""");
    sql("INSERT INTO conversations (id, kind, title, created_at, last_activity_at, last_seq) VALUES ('c', 'group', 'C', 0, 0, "
        + lastSeq + ")");
  }

  private void sql(String statement) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }

  private long count(String query) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(query)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private long countInIndex(String query) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + SearchIndex.file(SqliteSettings.of(file)));
        Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private List<String> tables() throws Exception {
    List<String> names = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")) {
      while (rs.next()) {
        names.add(rs.getString(1));
      }
    }
    return names;
  }
}
