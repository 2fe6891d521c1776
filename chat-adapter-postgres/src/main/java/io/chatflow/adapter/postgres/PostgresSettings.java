package io.chatflow.adapter.postgres;

import java.time.Duration;
import java.util.Objects;

/**
 * How to reach the PostgreSQL store.
 *
 * @param url a {@code jdbc:postgresql://} URL
 * @param user the database user
 * @param password the user's password (may be empty)
 * @param schema the schema ChatFlow's tables live in (created by the migrations when missing)
 * @param poolSize connections in the pool: the most statements running at once
 * @param statementTimeout the longest one statement, lock waits included, may run: one slow
 *     query cannot hold a pooled connection for longer
 * @param connectTimeout how long a caller waits for a connection before the store reports itself
 *     unavailable (while the database is down or restarting)
 */
public record PostgresSettings(String url, String user, String password, String schema, int poolSize,
    Duration statementTimeout, Duration connectTimeout) {
  public PostgresSettings {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(statementTimeout, "statementTimeout");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    password = password == null ? "" : password;
    if (!url.startsWith("jdbc:postgresql://")) {
      throw new IllegalArgumentException("url must be a jdbc:postgresql:// URL");
    }
    if (!schema.matches("[a-z_][a-z0-9_]{0,62}")) {
      throw new IllegalArgumentException("schema must be a lower-case SQL name");
    }
    if (poolSize < 2) {
      throw new IllegalArgumentException("poolSize must be at least 2");
    }
    if (statementTimeout.isNegative() || statementTimeout.isZero() || statementTimeout.toMillis() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("statementTimeout out of range");
    }
    if (connectTimeout.toMillis() < 250) {
      throw new IllegalArgumentException("connectTimeout must be at least 250 ms");
    }
  }

  /** Defaults: schema {@code public}, 16 connections, a 10 s statement timeout, 3 s to get a connection. */
  public static PostgresSettings of(String url, String user, String password) {
    return new PostgresSettings(url, user, password, "public", 16, Duration.ofSeconds(10), Duration.ofSeconds(3));
  }

  public PostgresSettings withSchema(String name) {
    return new PostgresSettings(url, user, password, name, poolSize, statementTimeout, connectTimeout);
  }

  public PostgresSettings withPoolSize(int connections) {
    return new PostgresSettings(url, user, password, schema, connections, statementTimeout, connectTimeout);
  }

  public PostgresSettings withStatementTimeout(Duration timeout) {
    return new PostgresSettings(url, user, password, schema, poolSize, timeout, connectTimeout);
  }

  public PostgresSettings withConnectTimeout(Duration timeout) {
    return new PostgresSettings(url, user, password, schema, poolSize, statementTimeout, timeout);
  }

  /** The settings as text for logs and {@code config}: the password masked. */
  @Override
  public String toString() {
    return "PostgresSettings[url=" + url + ", user=" + user + ", password=****, schema=" + schema + ", poolSize="
        + poolSize + ", statementTimeout=" + statementTimeout + ", connectTimeout=" + connectTimeout + "]";
  }
}
