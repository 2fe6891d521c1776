package io.chatflow.adapter.sqlite;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The one writer connection, used only by the group-commit thread: held for good once taken,
 * with its prepared statements and its {@link WriteCache}, and dropped with both after a failure
 * that may have left it unusable.
 */
final class WriterConnection implements AutoCloseable {
  private final HikariDataSource writers;
  private final Duration busyTimeout;
  private Connection writer;
  private Connection writerDirect;
  private Map<String, PreparedStatement> statements;
  private WriteCache cache;

  WriterConnection(SqliteSettings settings) {
    this.writers = DataSources.pool(settings, "chatflow-sqlite-writer", 1, false);
    this.busyTimeout = settings.busyTimeout();
  }

  void trackPool(MetricsTrackerFactory metrics) {
    writers.setMetricsTrackerFactory(metrics);
  }

  /** Begins a write transaction for one batch. */
  Statements begin() {
    try {
      if (writer == null) {
        writer = writers.getConnection();
        // the writer holds its connection for good: statements skip the pool's proxies
        writerDirect = writer.unwrap(org.sqlite.SQLiteConnection.class);
        stopImplicitTransactions(writerDirect);
        statements = new HashMap<>();
        cache = new WriteCache();
      }
    } catch (SQLException e) {
      throw Statements.failure(e);
    }
    Statements tx = new Statements(writerDirect, statements, cache);
    // IMMEDIATE takes the write lock now, waiting out another process within busy_timeout
    try {
      tx.execute("BEGIN IMMEDIATE");
    } catch (SqliteStoreException e) {
      if (e.getCause() instanceof SQLiteException s && s.getResultCode().code == SQLiteErrorCode.SQLITE_BUSY.code) {
        throw new SqliteStoreException("the database file is locked by another process for longer than the busy timeout ("
            + busyTimeout.toMillis() + " ms)", e);
      }
      throw e;
    }
    // changes only when another connection (or process) committed: then the cache may be stale
    cache.begin(tx.number("PRAGMA data_version"));
    return tx;
  }

  /**
   * The writer begins and ends every transaction in SQL itself. Left in JDBC auto-commit mode,
   * sqlite-jdbc would follow every statement with a probe ("begin;", failing inside our
   * transaction, then resets): a third of the writer's native calls. Leaving auto-commit makes
   * sqlite-jdbc run "begin;" once, which is ended here; it never begins one again by itself.
   */
  private static void stopImplicitTransactions(Connection connection) throws SQLException {
    if (connection.getAutoCommit()) {
      connection.setAutoCommit(false);
      try (var statement = connection.createStatement()) {
        statement.execute("COMMIT");
      }
    }
  }

  /** Writes what the cache staged and commits (or, when {@code commit} is false, rolls back). */
  void end(Statements tx, boolean commit) {
    if (commit) {
      cache.flush(tx);
      tx.execute("COMMIT");
      cache.committed();
    } else {
      cache.clear();
      tx.execute("ROLLBACK");
    }
  }

  /**
   * Rolls the whole transaction back to run it again; quietly when SQLite already did (a failed
   * statement can end the transaction: the next BEGIN then works).
   */
  void abandon() {
    cache.clear();
    try (var statement = writerDirect.createStatement()) {
      statement.execute("ROLLBACK");
    } catch (SQLException alreadyRolledBack) {
      // when the connection is unusable instead, the next BEGIN fails and says so
    }
  }

  /** After a failure that may have left the connection unusable: drops it, its statements and its cache. */
  void reset() {
    if (writer != null) {
      try (var statement = writerDirect.createStatement()) {
        statement.execute("ROLLBACK");
      } catch (SQLException ignored) {
        // no transaction was open
      }
      Statements.closeAll(statements);
      try {
        writer.close();
      } catch (SQLException ignored) {
        // the pool evicts a broken connection itself
      }
      writer = null;
      writerDirect = null;
      statements = null;
      cache = null;
    }
  }

  /** Releases the connection and closes the pool. */
  @Override
  public void close() {
    reset();
    writers.close();
  }
}
