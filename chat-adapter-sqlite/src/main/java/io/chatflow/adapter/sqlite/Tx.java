package io.chatflow.adapter.sqlite;

import io.chatflow.domain.ConflictException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The connection store calls run on, bound to the thread running the work: the writer's
 * connection inside a write, a pooled read-only one otherwise. Prepared statements are
 * kept for as long as the connection is held (for the writer: across batches).
 */
final class Tx {
  /** Maps the current row of a result. */
  interface Row<T> {
    T map(ResultSet rs) throws SQLException;
  }

  private final Connection connection;
  private final Map<String, PreparedStatement> statements;
  private final boolean writable;
  private final WriteCache cache;
  private List<Runnable> afterCommit = new ArrayList<>();
  private int depth;
  private long mayHaveWritten;

  Tx(Connection connection, Map<String, PreparedStatement> statements, boolean writable) {
    this(connection, statements, writable, null);
  }

  Tx(Connection connection, Map<String, PreparedStatement> statements, boolean writable, WriteCache cache) {
    this.connection = connection;
    this.statements = statements;
    this.writable = writable;
    this.cache = cache;
  }

  boolean writable() {
    return writable;
  }

  /** The writer's cache of conversation, member and account rows; null on a read connection. */
  WriteCache cache() {
    return cache;
  }

  <T> List<T> list(String sql, Row<T> row, Object... args) {
    try {
      PreparedStatement statement = prepare(sql, args);
      List<T> found = new ArrayList<>();
      // read to the end: SQLite checkpoints the WAL only after statements complete
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          found.add(row.map(rs));
        }
      }
      return found;
    } catch (SQLException e) {
      discard(sql);
      throw failure(e);
    }
  }

  <T> Optional<T> one(String sql, Row<T> row, Object... args) {
    List<T> found = list(sql, row, args);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  /**
   * A row the writer's cache may hold: inside a write, what {@code cached} finds there, else what
   * {@code sql} reads, which the cache then keeps ({@code keep}); on a read connection, {@code sql}.
   */
  <T> Optional<T> oneThroughCache(Function<WriteCache, T> cached, BiConsumer<WriteCache, T> keep, String sql,
      Row<T> row, Object... args) {
    T hit = cache == null ? null : cached.apply(cache);
    if (hit != null) {
      return Optional.of(hit);
    }
    Optional<T> found = one(sql, row, args);
    if (cache != null) {
      found.ifPresent(value -> keep.accept(cache, value));
    }
    return found;
  }

  long number(String sql, Object... args) {
    return one(sql, rs -> rs.getLong(1), args).orElse(0L);
  }

  int update(String sql, Object... args) {
    return updateUnique(null, sql, args);
  }

  /** An update where breaking a unique constraint is the domain's conflict {@code conflict}. */
  int updateUnique(String conflict, String sql, Object... args) {
    requireWritable();
    if (cache == null || !cache.flushing()) {
      mayHaveWritten++; // the cache's rows count as written by whoever staged them
    }
    try {
      return prepare(sql, args).executeUpdate();
    } catch (SQLException e) {
      discard(sql);
      if (conflict != null && isUniqueViolation(e)) {
        throw new ConflictException(conflict);
      }
      throw failure(e);
    }
  }

  void execute(String sql) {
    mayHaveWritten++;
    try {
      prepare(sql).execute();
    } catch (SQLException e) {
      discard(sql);
      throw failure(e);
    }
  }

  /**
   * Statements are kept with their connection; one that failed may have been finalized
   * by sqlite-jdbc, so the next use prepares it afresh.
   */
  private void discard(String sql) {
    mayHaveWritten++; // a failed statement may have ended the whole transaction
    PreparedStatement statement = statements.remove(sql);
    if (statement != null) {
      try {
        statement.close();
      } catch (SQLException ignored) {
        // already finalized
      }
    }
  }

  void afterCommit(Runnable action) {
    requireWritable();
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
      execute("RELEASE " + name);
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
    long written = mayHaveWritten;
    long stagings = cache == null ? 0 : cache.stagings();
    int cached = cache == null ? 0 : cache.mark();
    try {
      return work.get();
    } catch (Throwable e) {
      if (mayHaveWritten != written || (cache != null && cache.flushedStagedAfter(stagings))) {
        throw new Rerun(e);
      }
      if (cache != null) {
        cache.rollbackTo(cached);
      }
      throw e;
    }
  }

  private <T> T attempt(String name, Supplier<T> work) {
    int actions = afterCommit.size();
    int cached = cache == null ? 0 : cache.mark();
    execute("SAVEPOINT " + name);
    try {
      return work.get();
    } catch (Throwable e) {
      rollbackTo(name, e);
      afterCommit.subList(actions, afterCommit.size()).clear();
      if (cache != null) {
        cache.rollbackTo(cached);
      }
      throw e;
    }
  }

  private void rollbackTo(String name, Throwable cause) {
    try {
      prepare("ROLLBACK TO " + name).execute();
    } catch (SQLException e) {
      // SQLite rolled the whole transaction back (I/O error, disk full): nothing of it is left
      throw new BrokenTransaction(e, cause);
    }
  }

  private PreparedStatement prepare(String sql, Object... args) throws SQLException {
    if (cache != null) {
      cache.beforeStatement(this, sql);
    }
    PreparedStatement statement = statements.get(sql);
    if (statement == null) {
      statement = connection.prepareStatement(sql);
      statements.put(sql, statement);
    }
    for (int i = 0; i < args.length; i++) {
      Object arg = args[i];
      if (arg instanceof Instant at) {
        statement.setLong(i + 1, Times.nanos(at));
      } else if (arg instanceof Boolean b) {
        statement.setInt(i + 1, b ? 1 : 0);
      } else {
        statement.setObject(i + 1, arg);
      }
    }
    return statement;
  }

  private void requireWritable() {
    if (!writable) {
      throw new IllegalStateException("store writes run inside Transactions.write");
    }
  }

  static boolean isUniqueViolation(SQLException e) {
    return e instanceof SQLiteException s
        && (s.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE
            || s.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY);
  }

  static SqliteStoreException failure(SQLException e) {
    return new SqliteStoreException("SQLite failed: " + e.getMessage(), e);
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
