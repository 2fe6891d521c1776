package io.chatflow.adapter.postgres;

import io.chatflow.ports.out.Transactions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes in READ COMMITTED transactions that lock what they read-modify-write (a conversation's
 * row before any of its data, a session's row), so concurrent writers, in this process or
 * another, queue behind each other instead of failing; a deadlock or serialization failure the
 * database reports runs the write again. Reads in REPEATABLE READ READ ONLY: one snapshot.
 */
final class PostgresTransactions implements Transactions {
  static final int ATTEMPTS = 5;
  private static final Logger log = LoggerFactory.getLogger(PostgresTransactions.class);

  private final Database db;
  // commits that have after-commit actions pass here one at a time, so the actions run in commit order
  private final Object commitOrder = new Object();

  PostgresTransactions(Database db) {
    this.db = db;
  }

  @Override
  public <T> T write(Supplier<T> work) {
    Tx outer = db.current();
    if (outer != null) {
      if (outer.writable()) {
        return work.get();
      }
      throw new IllegalStateException("a write cannot begin inside a read");
    }
    for (int attempt = 1; ; attempt++) {
      try {
        return attempt(work);
      } catch (Failures.Retry e) {
        if (attempt == ATTEMPTS) {
          throw new PostgresStoreException("a write lost " + ATTEMPTS + " races in a row: " + e.getMessage(), e);
        }
        log.debug("event=postgres_write_retried attempt={} cause={}", attempt, e.getMessage());
      }
    }
  }

  private <T> T attempt(Supplier<T> work) {
    try (Connection connection = db.borrow()) {
      Tx tx = new Tx(connection, true);
      db.bind(tx);
      boolean open = false;
      try {
        // pgjdbc sends BEGIN with the first statement: no round trip of its own
        connection.setAutoCommit(false);
        open = true;
        T result = work.get();
        commit(tx);
        open = false;
        return result;
      } finally {
        db.unbind();
        if (open) {
          rollbackQuietly(tx);
        }
      }
    } catch (SQLException e) {
      throw Failures.of(e);
    }
  }

  private void commit(Tx tx) {
    if (tx.failed()) {
      // the work went on past a failed statement: PostgreSQL would answer COMMIT with a rollback
      rollbackQuietly(tx);
      throw new PostgresStoreException("a statement of this write failed earlier; nothing of it was committed");
    }
    List<Runnable> actions = tx.afterCommitActions();
    if (actions.isEmpty()) {
      tx.commit();
      return;
    }
    // Only COMMIT runs under this lock, which waits for no row lock: no deadlock with the database.
    // A later write that waited for a row this one held commits after it, so it queues here after it.
    synchronized (commitOrder) {
      tx.commit();
      db.unbind(); // an action that reads runs a read of its own, not more of this finished write
      for (Runnable action : actions) {
        try {
          action.run();
        } catch (RuntimeException e) {
          log.warn("event=after_commit_failed error={}", e.toString());
        }
      }
    }
  }

  private static void rollbackQuietly(Tx tx) {
    try {
      tx.rollback();
    } catch (RuntimeException ignored) {
      // the connection is gone: so is the transaction
    }
  }

  private static void endReadQuietly(Tx tx) {
    try {
      tx.execute("ROLLBACK");
    } catch (RuntimeException ignored) {
      // the connection is gone: so is the transaction
    }
  }

  @Override
  public <T> T read(Supplier<T> work) {
    if (db.current() != null) {
      return work.get();
    }
    try (Connection connection = db.borrow()) {
      Tx tx = new Tx(connection, false);
      db.bind(tx);
      boolean open = false;
      try {
        tx.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
        open = true;
        T result = work.get();
        open = false;
        tx.execute("COMMIT");
        return result;
      } finally {
        db.unbind();
        if (open) {
          endReadQuietly(tx);
        }
      }
    } catch (SQLException e) {
      throw Failures.of(e);
    }
  }

  @Override
  public void afterCommit(Runnable action) {
    Tx tx = db.current();
    if (tx == null || !tx.writable()) {
      throw new IllegalStateException("afterCommit runs inside Transactions.write");
    }
    tx.afterCommit(action);
  }
}
