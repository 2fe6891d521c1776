package io.chatflow.adapter.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatflow.domain.UnavailableException;
import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.conversation.Kind;
import io.chatflow.domain.message.Message;
import io.chatflow.domain.user.User;
import io.chatflow.ports.in.MessageQuery;
import io.chatflow.ports.in.MessageView;
import io.chatflow.ports.in.NewConversation;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** A full disk or a data directory that cannot be written is a 503 (the server's trouble), never a 500. */
class StorageTroubleTest {
  @TempDir Path dir;

  @Test
  void aDatabaseThatCannotGrowIsUnavailableNotAnError() throws Exception {
    SQLException full = null;
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("full.db"));
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (x BLOB)");
      s.execute("PRAGMA max_page_count = 3"); // the disk is full at three pages, as far as SQLite can tell
      try {
        for (int i = 0; i < 100; i++) {
          s.execute("INSERT INTO t VALUES (randomblob(4000))");
        }
      } catch (SQLException e) {
        full = e;
      }
    }

    assertThat((Object) full).as("SQLite reported the disk full").isNotNull();
    RuntimeException mapped = Statements.failure(full);

    assertThat(mapped).isInstanceOf(UnavailableException.class);
    assertThat(((UnavailableException) mapped).retryAfter()).isPositive();
  }

  @Test
  void readOnlyAndIoErrorsAreUnavailableAndOtherFailuresStayErrors() {
    for (SQLiteErrorCode code : new SQLiteErrorCode[] {SQLiteErrorCode.SQLITE_READONLY, SQLiteErrorCode.SQLITE_READONLY_DBMOVED,
        SQLiteErrorCode.SQLITE_IOERR_WRITE, SQLiteErrorCode.SQLITE_IOERR_FSYNC, SQLiteErrorCode.SQLITE_CANTOPEN}) {
      assertThat(Statements.failure(new SQLiteException("x", code))).as(code.name()).isInstanceOf(UnavailableException.class);
    }
    assertThat(Statements.failure(new SQLiteException("x", SQLiteErrorCode.SQLITE_CONSTRAINT_CHECK)))
        .isInstanceOf(SqliteStoreException.class);
  }

  @Test
  void aStoreOutOfSpaceRefusesWritesWithUnavailableKeepsWhatItAcknowledgedAndWritesAgainWhenSpaceReturns() {
    Path file = dir.resolve("chat.db");
    List<Message> acknowledged = new ArrayList<>();
    ConversationId team;
    User alice;
    try (ChatFlowOnSqlite chat = new ChatFlowOnSqlite(SqliteSettings.of(file))) {
      alice = chat.core.accounts().register("alice", "password", null);
      team = chat.core.conversations().create(alice.id(), new NewConversation(Kind.GROUP, "Team", List.of()))
          .conversation().summary().conversation().id();
      // the disk is full a few pages on, as far as the writer can tell: SQLite's own SQLITE_FULL path
      writerPageLimit(chat, writerNumber(chat, "PRAGMA page_count") + 4);
      UnavailableException refused = null;
      for (int i = 0; i < 1_000 && refused == null; i++) {
        try {
          acknowledged.add(chat.core.messaging().post(alice.id(), team, i + " " + "x".repeat(3_000), null).message().message());
        } catch (UnavailableException e) {
          refused = e;
        }
      }
      assertThat(refused).as("a post once the space ran out").isNotNull();
      assertThat(refused.retryAfter()).isPositive();
      assertThat(acknowledged).as("posts before the space ran out").isNotEmpty();
      String big = "y".repeat(3_000);
      assertThatThrownBy(() -> chat.core.messaging().post(alice.id(), team, big, null))
          .as("a post while the disk is still full").isInstanceOf(UnavailableException.class);

      writerPageLimit(chat, 1_073_741_823); // space returns
      Message after = chat.core.messaging().post(alice.id(), team, "space is back", null).message().message();
      assertThat(after.seq()).as("the refused post took no seq").isEqualTo(acknowledged.size() + 1);
      acknowledged.add(after);
      assertThat(writerText(chat, "PRAGMA integrity_check")).isEqualTo("ok");
    }
    try (ChatFlowOnSqlite reopened = new ChatFlowOnSqlite(SqliteSettings.of(file))) {
      List<Message> stored = reopened.core.messaging()
          .list(alice.id(), team, new MessageQuery(null, 0L, null, 100)).items().stream()
          .map(MessageView::message).toList();
      assertThat(stored).extracting(Message::seq).containsExactlyElementsOf(acknowledged.stream().map(Message::seq).toList());
      assertThat(stored).extracting(Message::body).containsExactlyElementsOf(acknowledged.stream().map(Message::body).toList());
    }
  }

  /** max_page_count is the connection's: set on the writer's, inside a write. */
  private static void writerPageLimit(ChatFlowOnSqlite chat, long pages) {
    chat.stores.transactions().write(() -> {
      chat.stores.database().current().number("PRAGMA max_page_count = " + pages);
      return null;
    });
  }

  private static long writerNumber(ChatFlowOnSqlite chat, String sql) {
    return chat.stores.transactions().write(() -> chat.stores.database().current().number(sql));
  }

  private static String writerText(ChatFlowOnSqlite chat, String sql) {
    return chat.stores.transactions().write(() -> chat.stores.database().current().one(sql, rs -> rs.getString(1)).orElse(""));
  }
}
