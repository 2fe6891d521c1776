package io.chatflow.adapter.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL server the tests use: CHATFLOW_TEST_PG_URL (and _USER, _PASSWORD), as
 * environment variables or system properties; run-tests.sh starts a throw-away one and sets
 * them. Without a URL every test here is skipped, saying so. Each set of stores gets a schema of
 * its own, dropped when it is closed.
 */
final class TestDatabase {
  static final String URL = setting("CHATFLOW_TEST_PG_URL", null);
  static final String USER = setting("CHATFLOW_TEST_PG_USER", System.getProperty("user.name"));
  static final String PASSWORD = setting("CHATFLOW_TEST_PG_PASSWORD", "");
  static final String NOT_CONFIGURED =
      "skipped: no PostgreSQL configured (set CHATFLOW_TEST_PG_URL, or run chat-adapter-postgres/run-tests.sh)";

  private TestDatabase() {}

  private static String setting(String name, String fallback) {
    String value = System.getProperty(name, System.getenv(name));
    return value == null || value.isBlank() ? fallback : value;
  }

  /** Skips the calling test unless a server is configured. */
  static void assumeConfigured() {
    Assumptions.assumeTrue(URL != null, NOT_CONFIGURED);
  }

  /** Settings for a new, empty schema of its own (created by the migrations). */
  static PostgresSettings freshSchema() {
    assumeConfigured();
    String schema = "test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    return PostgresSettings.of(URL, USER, PASSWORD).withSchema(schema).withPoolSize(8);
  }

  static Connection connect() throws SQLException {
    return DriverManager.getConnection(URL, USER, PASSWORD);
  }

  /** Polls the server until a statement of ChatFlow's that mentions {@code table} waits for a lock. */
  static void awaitLockWait(String table) throws SQLException, InterruptedException {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
    try (Connection admin = connect(); var statement = admin.prepareStatement("""
        SELECT count(*) FROM pg_stat_activity
        WHERE application_name = 'chatflow' AND wait_event_type = 'Lock' AND query LIKE ?""")) {
      statement.setString(1, "%" + table + "%");
      while (true) {
        try (var rs = statement.executeQuery()) {
          rs.next();
          if (rs.getInt(1) > 0) {
            return;
          }
        }
        if (System.nanoTime() > deadline) {
          throw new AssertionError("no statement of ChatFlow's waited for a lock on " + table);
        }
        Thread.sleep(5); // a server-side state: nothing to wait on but the server's view
      }
    }
  }

  static void drop(String schema) {
    try (Connection connection = connect(); Statement statement = connection.createStatement()) {
      statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot drop test schema " + schema, e);
    }
  }
}
