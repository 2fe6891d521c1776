package io.chatflow.adapter.sqlite;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * How one group-commit batch runs its writes on the writer's {@link Statements}, each a unit
 * that may fail alone: in a savepoint, or unguarded with the cache's undo log, and with the
 * after-commit actions it registered kept apart from the others'.
 */
final class WriteUnits {
  private final Statements statements;
  private List<Runnable> afterCommit = new ArrayList<>();
  private int depth;

  WriteUnits(Statements statements) {
    this.statements = statements;
  }

  void afterCommit(Runnable action) {
    afterCommit.add(action);
  }

  /** Hands over the actions registered since the last call, and starts a fresh list. */
  List<Runnable> takeAfterCommit() {
    List<Runnable> taken = afterCommit;
    afterCommit = new ArrayList<>();
    return taken;
  }

  /**
   * Runs {@code work} inside a savepoint: when it throws, its writes and after-commit
   * actions are undone and the exception goes on; the rest of the transaction stays.
   */
  <T> T inSavepoint(Supplier<T> work) {
    String name = "w" + (++depth);
    try {
      T result = attempt(name, work);
      statements.execute("RELEASE " + name);
      return result;
    } finally {
      depth--;
    }
  }

  /**
   * Like {@link #inSavepoint} for one write of a group commit, but the savepoint is left
   * open when the work succeeds: COMMIT releases them all, which saves a statement per write.
   */
  <T> T inWriteSavepoint(Supplier<T> work) {
    return attempt("job", work);
  }

  /**
   * Runs one write of a group commit with no savepoint: inside one, SQLite copies every page
   * a write changes, which cost the writer a fifth of its time per post. When the work throws
   * before it could have changed the file (no statement that may write, none of its staged
   * rows written by the cache), its cached changes are undone and the exception goes on (the
   * caller drops its after-commit actions). Otherwise nothing can undo just its part:
   * {@link Rerun} says the whole batch must be rolled back and run again with savepoints.
   */
  <T> T inWriteUnguarded(Supplier<T> work) {
    WriteCache cache = statements.cache();
    long written = statements.mayHaveWritten();
    long stagings = cache.stagings();
    int cached = cache.mark();
    try {
      return work.get();
    } catch (Throwable e) {
      if (statements.mayHaveWritten() != written || cache.flushedStagedAfter(stagings)) {
        throw new Rerun(e);
      }
      cache.rollbackTo(cached);
      throw e;
    }
  }

  private <T> T attempt(String name, Supplier<T> work) {
    WriteCache cache = statements.cache();
    int actions = afterCommit.size();
    int cached = cache.mark();
    statements.execute("SAVEPOINT " + name);
    try {
      return work.get();
    } catch (Throwable e) {
      rollbackTo(name, e);
      afterCommit.subList(actions, afterCommit.size()).clear();
      cache.rollbackTo(cached);
      throw e;
    }
  }

  private void rollbackTo(String name, Throwable cause) {
    try {
      statements.executeOrThrow("ROLLBACK TO " + name);
    } catch (SQLException e) {
      // SQLite rolled the whole transaction back (I/O error, disk full): nothing of it is left
      throw new BrokenTransaction(e, cause);
    }
  }

  /** A write without a savepoint failed after it may have written: the batch runs again, guarded. */
  static final class Rerun extends RuntimeException {
    Rerun(Throwable workError) {
      super("a write failed after it may have written", workError, false, false);
    }
  }

  /** The transaction is gone as a whole, not just the work that failed. */
  static final class BrokenTransaction extends RuntimeException {
    BrokenTransaction(SQLException failure, Throwable workError) {
      super("the write transaction was rolled back: " + failure.getMessage(), failure);
      addSuppressed(workError);
    }
  }
}
