package io.chatflow.adapter.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatflow.domain.UnavailableException;
import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.user.User;
import io.chatflow.ports.in.NewConversation;
import io.chatflow.ports.in.Search;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The search index's file beside the database: written behind the writer, found by every search
 * that began after a post, caught up after a stop that left it behind, and made again when it is
 * missing, another database's, or ahead of its database.
 */
class SearchIndexTest {
  private final Path directory = TestDatabases.newDirectory();
  private final SqliteSettings settings = TestDatabases.settings(directory);
  private User ann;
  private ConversationId room;

  @AfterEach
  void deleteFiles() {
    TestDatabases.delete(directory);
  }

  @Test
  void aSearchWaitsForTheIndexToHoldWhatWasPostedBeforeIt() {
    try (ChatFlowOnSqlite chat = annInARoom(settings)) {
      chat.stores.searchIndexer().pause();
      chat.core.messaging().post(ann.id(), room, "quince jam", null);

      assertThatThrownBy(() -> found(chat, "quince")).isInstanceOf(UnavailableException.class)
          .hasMessageContaining("behind");

      chat.stores.searchIndexer().resume();
      assertThat(found(chat, "quince")).containsExactly("quince jam");
    }
  }

  @Test
  void editsAndDeletionsMadeWhileTheIndexWasStoppedAreInItAfterTheNextStart() {
    try (ChatFlowOnSqlite chat = annInARoom(settings)) {
      chat.core.messaging().post(ann.id(), room, "apple pie", null);
      chat.core.messaging().post(ann.id(), room, "apple tart", null);
      assertThat(found(chat, "apple")).hasSize(2);
      chat.stores.searchIndexer().pause(); // as a crash right after these commits would leave it
      chat.core.messaging().edit(ann.id(), room, 1, "plum pie");
      chat.core.messaging().delete(ann.id(), room, 2);
      chat.core.messaging().post(ann.id(), room, "apple crumble", null);
    }
    try (ChatFlowOnSqlite chat = new ChatFlowOnSqlite(settings)) {
      assertThat(found(chat, "apple")).containsExactly("apple crumble");
      assertThat(found(chat, "plum")).containsExactly("plum pie");
      assertThat(found(chat, "tart")).isEmpty();
    }
  }

  @Test
  void aMissingIndexIsMadeAgainFromTheDatabase() throws Exception {
    try (ChatFlowOnSqlite chat = annInARoom(settings)) {
      chat.core.messaging().post(ann.id(), room, "fig roll", null);
      chat.core.messaging().edit(ann.id(), room, 1, "fig cake");
    }
    deleteIndex(settings);

    try (ChatFlowOnSqlite chat = new ChatFlowOnSqlite(settings)) {
      assertThat(found(chat, "fig")).containsExactly("fig cake");
      assertThat(found(chat, "roll")).isEmpty();
    }
  }

  @Test
  void anotherDatabasesIndexIsNotUsed() throws Exception {
    SqliteSettings other = TestDatabases.settings(Files.createDirectories(directory.resolve("other")));
    try (ChatFlowOnSqlite chat = annInARoom(other)) {
      chat.core.messaging().post(ann.id(), room, "kiwi smoothie", null);
    }
    try (ChatFlowOnSqlite chat = annInARoom(settings)) {
      chat.core.messaging().post(ann.id(), room, "lime soda", null);
    }
    deleteIndex(settings);
    Files.copy(SearchIndex.file(other), SearchIndex.file(settings), StandardCopyOption.REPLACE_EXISTING);

    try (ChatFlowOnSqlite chat = new ChatFlowOnSqlite(settings)) {
      assertThat(found(chat, "lime")).containsExactly("lime soda");
      assertThat(found(chat, "kiwi")).isEmpty();
    }
  }

  @Test
  void anIndexAheadOfItsDatabaseIsMadeAgain() throws Exception {
    try (ChatFlowOnSqlite chat = annInARoom(settings)) {
      chat.core.messaging().post(ann.id(), room, "pear cider", null);
    }
    // as after the database file was put back from an older copy, its index left as it was
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + SearchIndex.file(settings));
        Statement s = c.createStatement()) {
      s.execute("UPDATE indexed SET position = position + 1000");
    }

    try (ChatFlowOnSqlite chat = new ChatFlowOnSqlite(settings)) {
      chat.core.messaging().post(ann.id(), room, "pear juice", null);
      assertThat(found(chat, "pear")).containsExactlyInAnyOrder("pear cider", "pear juice");
      assertThat(chat.stores.searchIndexer().indexed())
          .isLessThanOrEqualTo(chat.stores.database().query(SqliteEventStore::head));
    }
  }

  private ChatFlowOnSqlite annInARoom(SqliteSettings where) {
    ChatFlowOnSqlite chat = new ChatFlowOnSqlite(where);
    ann = chat.core.accounts().register("ann", "password", null);
    User ben = chat.core.accounts().register("ben", "password", null);
    room = chat.core.conversations().create(ann.id(), NewConversation.group("Room", List.of(ben.id())))
        .conversation().summary().conversation().id();
    return chat;
  }

  private List<String> found(ChatFlowOnSqlite chat, String q) {
    return chat.core.search().messages(ann.id(), new Search.Request(q, null, null, null, 20)).items().stream()
        .map(f -> f.message().message().body()).toList();
  }

  private static void deleteIndex(SqliteSettings settings) throws Exception {
    for (String suffix : List.of("", "-wal", "-shm")) {
      Files.deleteIfExists(Path.of(SearchIndex.file(settings) + suffix));
    }
  }
}
