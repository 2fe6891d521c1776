package io.chatflow.adapter.sqlite;

import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.sqlite.SQLiteDataSource;

/**
 * Which connection a store call runs on: the {@link Statements} bound to the thread running the
 * work, which is the {@link WriterConnection}'s inside a write (only the group-commit thread
 * writes) and else one of the {@link ReadConnections}, for one read transaction or one call.
 */
final class Database implements AutoCloseable {
  private final WriterConnection writer;
  private final ReadConnections readers;
  private final SQLiteDataSource probe;
  private final ThreadLocal<Statements> current = new ThreadLocal<>();
  private volatile boolean closed;

  Database(SqliteSettings settings) {
    this.writer = new WriterConnection(settings);
    ReadConnections readPool;
    try {
      readPool = new ReadConnections(settings);
    } catch (RuntimeException e) {
      writer.close();
      throw e;
    }
    this.readers = readPool;
    this.probe = DataSources.dataSource(settings, true);
  }

  /** Reports both pools' use (connections active, idle, waited for) to {@code metrics}. */
  void trackPools(MetricsTrackerFactory metrics) {
    writer.trackPool(metrics);
    readers.trackPool(metrics);
  }

  /** The statements this thread's transaction runs on, or null. */
  Statements current() {
    return current.get();
  }

  /** A store query: in the current transaction, or on a pooled read connection for this one call. */
  <T> T query(Function<Statements, T> query) {
    Statements tx = current.get();
    if (tx != null) {
      return query.apply(tx);
    }
    return onReader(false, () -> query.apply(current.get()));
  }

  /** A store change: only inside a write. */
  <T> T change(Function<Statements, T> change) {
    Statements tx = current.get();
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
    return readers.with(tx -> {
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
    });
  }

  /** Writer thread only: begins a write transaction on the writer connection, bound to this thread. */
  Statements beginWrite() {
    Statements tx = writer.begin();
    current.set(tx);
    return tx;
  }

  /** Writer thread only: writes what the cache staged and commits (or, when {@code commit} is false, rolls back), and unbinds. */
  void endWrite(Statements tx, boolean commit) {
    current.remove();
    writer.end(tx, commit);
  }

  /**
   * Writer thread only: rolls the whole transaction back to run it again; quietly when SQLite
   * already did (a failed statement can end the transaction: the next BEGIN then works).
   */
  void abandonWrite() {
    current.remove();
    writer.abandon();
  }

  /** Writer thread only: after a failure that may have left the connection unusable. */
  void resetWriter() {
    current.remove();
    writer.reset();
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

  /** Read connections that have prepared statements (for tests). */
  int readersWithStatements() {
    return readers.withStatements();
  }

  /** Drops an idle read connection, as the pool does with one it finds broken; returns it unwrapped (for tests). */
  Connection evictOneReader() throws SQLException {
    return readers.evictOne();
  }

  /** Writer thread (or after it stopped): releases the writer, then closes both pools. */
  @Override
  public void close() {
    closed = true;
    resetWriter();
    readers.close();
    writer.close();
  }
}
