package io.chatflow.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatflow.ChatFlow;
import io.chatflow.app.config.Config;
import io.chatflow.app.config.ConfigLoader;
import io.chatflow.app.config.Setting;
import io.chatflow.app.platform.Argon2idHasher;
import io.chatflow.domain.user.User;
import io.chatflow.ports.in.MessageQuery;
import io.chatflow.ports.in.NewConversation;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server and the library as chat-app wires them, on a PostgreSQL database of their own.
 * Runs where CHATFLOW_TEST_PG_URL names a server (chat-adapter-postgres/run-tests.sh sets it).
 */
class PostgresEndToEndTest {
  private static final String ADMIN_URL = setting("CHATFLOW_TEST_PG_URL", null);
  private static final String USER = setting("CHATFLOW_TEST_PG_USER", System.getProperty("user.name"));
  private static final String PASSWORD = setting("CHATFLOW_TEST_PG_PASSWORD", "");

  @TempDir Path dir;
  private String database;
  private String url;

  private static String setting(String name, String fallback) {
    String value = System.getProperty(name, System.getenv(name));
    return value == null || value.isBlank() ? fallback : value;
  }

  @BeforeEach
  void createDatabase() throws SQLException {
    Assumptions.assumeTrue(ADMIN_URL != null,
        "skipped: no PostgreSQL configured (set CHATFLOW_TEST_PG_URL, or run chat-adapter-postgres/run-tests.sh)");
    database = "e2e_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    admin("CREATE DATABASE " + database);
    url = ADMIN_URL.substring(0, ADMIN_URL.lastIndexOf('/') + 1) + database;
  }

  @AfterEach
  void dropDatabase() throws SQLException {
    if (database != null) {
      admin("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }
  }

  private static void admin(String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(ADMIN_URL, USER, PASSWORD);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private Server start(boolean seed) {
    Config config = ConfigLoader.load(dir, Map.of(), Map.of("CHATFLOW_DB_PASSWORD", PASSWORD),
        Map.of(Setting.STORE, "postgres", Setting.DB_URL, url, Setting.DB_USER, USER, Setting.PORT, "0")).config();
    return Server.start(config, Argon2idHasher.cheapForTests(), Clock.systemUTC(), seed);
  }

  @Test
  void theSeededServerServesAlicesDataAndKeepsItAcrossRestarts() {
    String conversation;
    try (Server server = start(true)) {
      Api api = new Api(server.uri());
      String alice = api.login("alice", "password");
      Api.Reply list = api.get("/api/v1/conversations", alice);
      assertThat(list.status()).isEqualTo(200);
      assertThat(list.body().get("items").findValuesAsText("title")).contains("Project Chat", "Weekend Plans");
      conversation = Scenario.registerLoginPostAndRead(api);
      assertThat(api.get("/metrics", null).text()).contains("hikaricp_connections_active{pool=\"chatflow-postgres\"}");
    }
    try (Server again = start(true)) {
      Api api = new Api(again.uri());
      String token = api.login("erik", "long enough pw");
      Api.Reply page = api.get("/api/v1/conversations/" + conversation + "/messages", token);
      assertThat(page.status()).isEqualTo(200);
      assertThat(page.body().get("items")).hasSize(1);
    }
  }

  @Test
  void theLibraryRunsOnPostgres() {
    try (ChatFlow chat = ChatFlow.postgres(url, USER, PASSWORD).cheapPasswordHashingForTests().build()) {
      User alice = chat.accounts().register("alice", "correct horse battery", "Alice");
      User bob = chat.accounts().register("bob", "correct horse battery", null);
      var direct = chat.conversations().create(alice.id(), NewConversation.direct(bob.id()))
          .conversation().summary().conversation().id();
      chat.messaging().post(alice.id(), direct, "Hi Bob!", "msg-1");
      chat.messaging().post(alice.id(), direct, "Hi Bob!", "msg-1"); // the same clientMessageId: no second message

      var messages = chat.messaging().list(bob.id(), direct, MessageQuery.newest()).items();
      assertThat(messages).extracting(m -> m.message().seq()).containsExactly(1L);
    }
  }
}
