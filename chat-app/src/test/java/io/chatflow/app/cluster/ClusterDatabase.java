package io.chatflow.app.cluster;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * A PostgreSQL database of its own for one cluster test, on the server CHATFLOW_TEST_PG_URL names
 * (chat-adapter-postgres/run-tests.sh sets it); without it the test is skipped.
 */
final class ClusterDatabase implements AutoCloseable {
  static final String ADMIN_URL = setting("CHATFLOW_TEST_PG_URL", null);
  static final String USER = setting("CHATFLOW_TEST_PG_USER", System.getProperty("user.name"));
  static final String PASSWORD = setting("CHATFLOW_TEST_PG_PASSWORD", "");

  final String name;
  final String url;

  private ClusterDatabase(String name) {
    this.name = name;
    this.url = ADMIN_URL.substring(0, ADMIN_URL.lastIndexOf('/') + 1) + name;
  }

  static ClusterDatabase create() throws SQLException {
    Assumptions.assumeTrue(ADMIN_URL != null,
        "skipped: no PostgreSQL configured (set CHATFLOW_TEST_PG_URL, or run chat-adapter-postgres/run-tests.sh)");
    ClusterDatabase db = new ClusterDatabase("cluster_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16));
    admin("CREATE DATABASE " + db.name);
    return db;
  }

  /** Runs {@code sql} on this database as the test's user (pg_terminate_backend, say). */
  void run(String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url, USER, PASSWORD);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  /** The first column of the first row of {@code sql}. */
  long number(String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url, USER, PASSWORD);
        Statement statement = connection.createStatement(); var rs = statement.executeQuery(sql)) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  @Override
  public void close() throws SQLException {
    admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  }

  private static void admin(String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(ADMIN_URL, USER, PASSWORD);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static String setting(String name, String fallback) {
    String value = System.getProperty(name, System.getenv(name));
    return value == null || value.isBlank() ? fallback : value;
  }
}
