package io.chatflow.adapter.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Function;

/**
 * The pool, and the transaction bound to the calling thread. Every pooled connection gets the
 * statement timeout and the schema; the pool checks a connection before handing it out, so one
 * that a restarted server dropped is replaced by a new one, without restarting ChatFlow.
 */
final class Database implements AutoCloseable {
  private final HikariDataSource pool;
  private final ThreadLocal<Tx> current = new ThreadLocal<>();
  private final MemberIdCache memberIdCache = new MemberIdCache(MemberIdCache.DEFAULT_CAPACITY);
  private volatile boolean closed;

  Database(PostgresSettings settings) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("chatflow-postgres");
    config.setJdbcUrl(settings.url());
    config.setUsername(settings.user());
    config.setPassword(settings.password());
    config.setSchema(settings.schema());
    config.setMaximumPoolSize(settings.poolSize());
    config.setMinimumIdle(Math.min(2, settings.poolSize()));
    // transactions are begun and ended in SQL (see Transactions): Hikari never holds one open
    config.setAutoCommit(true);
    config.setConnectionTimeout(settings.connectTimeout().toMillis());
    config.setValidationTimeout(Math.min(settings.connectTimeout().toMillis(), 1000));
    // the pool starts even while the database is down; callers get "unavailable" until it is back
    config.setInitializationFailTimeout(-1);
    long statementMs = settings.statementTimeout().toMillis();
    config.addDataSourceProperty("options", "-c statement_timeout=" + statementMs
        + " -c idle_in_transaction_session_timeout=" + Math.max(statementMs * 3, 60_000));
    // a half-open connection (server gone without a word) must not hang a request past the timeout
    config.addDataSourceProperty("socketTimeout", String.valueOf(Math.max(5, statementMs / 1000 + 5)));
    config.addDataSourceProperty("connectTimeout", String.valueOf(Math.max(1, settings.connectTimeout().toSeconds())));
    config.addDataSourceProperty("tcpKeepAlive", "true");
    config.addDataSourceProperty("ApplicationName", "chatflow");
    config.addDataSourceProperty("reWriteBatchedInserts", "true");
    this.pool = new HikariDataSource(config);
  }

  /** The member ids the writes of this process keep (see {@link MemberIdCache}). */
  MemberIdCache memberIdCache() {
    return memberIdCache;
  }

  /** The transaction this thread is running, or null. */
  Tx current() {
    return current.get();
  }

  void bind(Tx tx) {
    current.set(tx);
  }

  void unbind() {
    current.remove();
  }

  /** Reports the pool's use (connections active, idle, waited for) to {@code metrics}. */
  void trackPool(MetricsTrackerFactory metrics) {
    pool.setMetricsTrackerFactory(metrics);
  }

  /** A pooled connection, or "unavailable" when none comes within the connect timeout. */
  Connection borrow() {
    if (closed) {
      throw new IllegalStateException("the PostgreSQL store is closed");
    }
    try {
      return pool.getConnection();
    } catch (SQLException e) {
      throw Failures.unavailable(e);
    }
  }

  /** A store query: in the current transaction, or on a pooled connection for this one statement. */
  <T> T query(Function<Tx, T> query) {
    Tx tx = current.get();
    if (tx != null) {
      return query.apply(tx);
    }
    try (Connection connection = borrow()) {
      return query.apply(new Tx(connection, false));
    } catch (SQLException e) {
      throw Failures.of(e);
    }
  }

  /** A store change: only inside a write. */
  <T> T change(Function<Tx, T> change) {
    Tx tx = current.get();
    if (tx == null || !tx.writable()) {
      throw new IllegalStateException("store writes run inside Transactions.write");
    }
    return change.apply(tx);
  }

  /** Whether the database answers now. */
  boolean ready() {
    if (closed) {
      return false;
    }
    try (Connection connection = pool.getConnection(); var statement = connection.createStatement()) {
      return statement.execute("SELECT 1");
    } catch (SQLException | RuntimeException e) {
      return false;
    }
  }

  @Override
  public void close() {
    closed = true;
    pool.close();
  }
}
