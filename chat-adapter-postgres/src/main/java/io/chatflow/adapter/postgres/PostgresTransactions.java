package io.chatflow.adapter.postgres;

import io.chatflow.ports.out.Transactions;
import io.chatflow.ports.out.WriteHint;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Supplier;

/**
 * Writes in READ COMMITTED transactions that lock what they read-modify-write (a conversation's
 * row before any of its data, a session's row), so writers of other processes queue behind each
 * other instead of failing; the writes of this process go through one {@link GroupCommit}, many in
 * one transaction. A write inside a write joins it. Reads in REPEATABLE READ READ ONLY (one
 * snapshot), on the caller's thread and a pooled connection of their own.
 */
final class PostgresTransactions implements Transactions {
  private final Database db;
  private final GroupCommit groupCommit;

  PostgresTransactions(Database db) {
    this.db = db;
    this.groupCommit = new GroupCommit(db);
  }

  @Override
  public <T> T write(Supplier<T> work) {
    return write(null, work);
  }

  @Override
  public <T> T write(WriteHint hint, Supplier<T> work) {
    Tx outer = db.current();
    if (outer != null) {
      if (outer.writable()) {
        return work.get();
      }
      throw new IllegalStateException("a write cannot begin inside a read");
    }
    return groupCommit.submit(hint, work);
  }

  /** Writes waiting for the writer of the group commit. */
  int queued() {
    return groupCommit.queued();
  }

  /** Lets the queued writes finish, then stops the writer. */
  void close() {
    groupCommit.close();
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
