package io.chatflow.adapter.sqlite;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The connections: one writer (used only by the group-commit thread) and a small
 * read-only pool, both configured through {@link SQLiteConfig} so every pooled
 * connection gets the same PRAGMAs. Store calls find their connection through the
 * thread-bound {@link Tx}.
 */
final class Database implements AutoCloseable {
  private final HikariDataSource writers;
  private final HikariDataSource readers;
  private final SQLiteDataSource probe;
  private final java.time.Duration busyTimeout;
  private volatile boolean closed;
  private final ThreadLocal<Tx> current = new ThreadLocal<>();
  private Connection writer;
  private Connection writerDirect;
  private Map<String, PreparedStatement> writerStatements;
  private WriteCache writerCache;
  // per pooled read connection, kept for its life: preparing anew on every read cost the posters more than the read
  private final Map<Connection, Map<String, PreparedStatement>> readerStatements = new ConcurrentHashMap<>();

  Database(SqliteSettings settings) {
    this.writers = pool(settings, "chatflow-sqlite-writer", 1, false);
    HikariDataSource readPool;
    try {
      readPool = pool(settings, "chatflow-sqlite-readers", settings.readers(), true);
    } catch (RuntimeException e) {
      writers.close();
      throw e;
    }
    this.readers = readPool;
    this.probe = dataSource(settings, true);
    this.busyTimeout = settings.busyTimeout();
  }

  static SQLiteDataSource dataSource(SqliteSettings settings, boolean readOnly) {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    // FULL: an acknowledged write survives power loss, not just a process crash
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.enforceForeignKeys(true);
    config.setBusyTimeout((int) settings.busyTimeout().toMillis());
    config.setJournalSizeLimit((int) settings.journalSizeLimit());
    config.setTempStore(SQLiteConfig.TempStore.MEMORY);
    // else every update prepares and runs "SELECT last_insert_rowid()"; positions come from RETURNING
    config.setGetGeneratedKeys(false);
    config.setReadOnly(readOnly);
    SQLiteDataSource dataSource = new SQLiteDataSource(config);
    dataSource.setUrl("jdbc:sqlite:" + settings.file().toAbsolutePath());
    return dataSource;
  }

  private static HikariDataSource pool(SqliteSettings settings, String name, int size, boolean readOnly) {
    HikariConfig config = new HikariConfig();
    config.setPoolName(name);
    config.setDataSource(dataSource(settings, readOnly));
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(readOnly ? 1 : size);
    // transactions are begun explicitly (BEGIN IMMEDIATE for writes): see STACK.md trap 4
    config.setAutoCommit(true);
    config.setReadOnly(readOnly);
    config.setMaxLifetime(0);
    config.setIdleTimeout(0);
    try {
      return new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw new SqliteStoreException("cannot open database file " + settings.file() + ": " + rootMessage(e), e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage();
  }

  /** The transaction this thread is running, or null. */
  Tx current() {
    return current.get();
  }

  /** A store query: in the current transaction, or on a pooled read connection for this one call. */
  <T> T query(Function<Tx, T> query) {
    Tx tx = current.get();
    if (tx != null) {
      return query.apply(tx);
    }
    return onReader(false, () -> query.apply(current.get()));
  }

  /** A store change: only inside a write. */
  <T> T change(Function<Tx, T> change) {
    Tx tx = current.get();
    if (tx == null || !tx.writable()) {
      throw new IllegalStateException("store writes run inside Transactions.write");
    }
    return change.apply(tx);
  }

  /** Runs {@code work} in one read transaction on a pooled connection: one consistent snapshot. */
  <T> T read(Supplier<T> work) {
    if (current.get() != null) {
      return work.get();
    }
    return onReader(true, work);
  }

  private <T> T onReader(boolean transaction, Supplier<T> work) {
    if (closed) {
      throw new IllegalStateException("the SQLite store is closed"); // as a write says it
    }
    try (Connection pooled = readers.getConnection()) {
      // statements on the connection itself, not the pool's proxy, which would close them on return
      Connection connection = pooled.unwrap(org.sqlite.SQLiteConnection.class);
      Map<String, PreparedStatement> statements = readerStatements.get(connection);
      if (statements == null) {
        // a new connection: the pool may have dropped one, whose statements would stay here
        forgetClosedReaders();
        statements = readerStatements.computeIfAbsent(connection, c -> new HashMap<>());
      }
      Tx tx = new Tx(connection, statements, false);
      current.set(tx);
      boolean open = false;
      try {
        if (transaction) {
          tx.execute("BEGIN");
          open = true;
        }
        T result = work.get();
        if (open) {
          open = false;
          tx.execute("COMMIT");
        }
        return result;
      } finally {
        current.remove();
        if (open) {
          tx.execute("ROLLBACK");
        }
      }
    } catch (SQLException e) {
      throw Tx.failure(e);
    }
  }

  /** Writer thread only: begins a write transaction on the writer connection, bound to this thread. */
  Tx beginWrite() {
    try {
      if (writer == null) {
        writer = writers.getConnection();
        // the writer holds its connection for good: statements skip the pool's proxies
        writerDirect = writer.unwrap(org.sqlite.SQLiteConnection.class);
        stopImplicitTransactions(writerDirect);
        writerStatements = new HashMap<>();
        writerCache = new WriteCache();
      }
    } catch (SQLException e) {
      throw Tx.failure(e);
    }
    Tx tx = new Tx(writerDirect, writerStatements, true, writerCache);
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
    writerCache.begin(tx.number("PRAGMA data_version"));
    current.set(tx);
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

  /** Writer thread only: writes what the cache staged and commits (or, when {@code commit} is false, rolls back), and unbinds. */
  void endWrite(Tx tx, boolean commit) {
    current.remove();
    if (commit) {
      writerCache.flush(tx);
      tx.execute("COMMIT");
      writerCache.committed();
    } else {
      writerCache.clear();
      tx.execute("ROLLBACK");
    }
  }

  /**
   * Writer thread only: rolls the whole transaction back to run it again; quietly when SQLite
   * already did (a failed statement can end the transaction: the next BEGIN then works).
   */
  void abandonWrite() {
    current.remove();
    writerCache.clear();
    try (var statement = writerDirect.createStatement()) {
      statement.execute("ROLLBACK");
    } catch (SQLException alreadyRolledBack) {
      // when the connection is unusable instead, the next BEGIN fails and says so
    }
  }

  /** Writer thread only: after a failure that may have left the connection unusable. */
  void resetWriter() {
    current.remove();
    if (writer != null) {
      try (var statement = writerDirect.createStatement()) {
        statement.execute("ROLLBACK");
      } catch (SQLException ignored) {
        // no transaction was open
      }
      closeAll(writerStatements);
      try {
        writer.close();
      } catch (SQLException ignored) {
        // the pool evicts a broken connection itself
      }
      writer = null;
      writerDirect = null;
      writerStatements = null;
      writerCache = null;
    }
  }

  /** Whether the file answers a read, on a connection of its own so a busy pool cannot stall the answer. */
  boolean ready() {
    if (closed) {
      return false;
    }
    try (Connection connection = probe.getConnection();
        var statement = connection.createStatement();
        var rs = statement.executeQuery("SELECT position FROM event_horizon")) {
      return rs.next();
    } catch (SQLException e) {
      return false;
    }
  }

  private static void closeAll(Map<String, PreparedStatement> statements) {
    for (PreparedStatement statement : statements.values()) {
      try {
        statement.close();
      } catch (SQLException ignored) {
        // closing the connection releases it anyway
      }
    }
    statements.clear();
  }

  private void forgetClosedReaders() {
    readerStatements.keySet().removeIf(connection -> {
      try {
        return connection.isClosed();
      } catch (SQLException e) {
        return true;
      }
    });
  }

  /** Read connections that have prepared statements (for tests). */
  int readersWithStatements() {
    return readerStatements.size();
  }

  /** Drops an idle read connection, as the pool does with one it finds broken; returns it unwrapped (for tests). */
  Connection evictOneReader() throws SQLException {
    try (Connection pooled = readers.getConnection()) {
      readers.evictConnection(pooled);
      return pooled.unwrap(org.sqlite.SQLiteConnection.class);
    }
  }

  /** Writer thread (or after it stopped): releases the writer, then closes both pools. */
  @Override
  public void close() {
    closed = true;
    resetWriter();
    readerStatements.values().forEach(Database::closeAll);
    readerStatements.clear();
    readers.close();
    writers.close();
  }
}
