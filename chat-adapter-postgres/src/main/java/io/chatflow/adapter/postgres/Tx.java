package io.chatflow.adapter.postgres;

import io.chatflow.domain.ConflictException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The connection store calls run on, bound to the thread running the work: a write's, a read's,
 * or a pooled one for a lone statement. It keeps what the write holds locked ({@link HeldConversations})
 * and holds back the changes it may send with the next statement (see {@link #defer}).
 */
final class Tx {
  /** Maps the current row of a result. */
  interface Row<T> {
    T map(ResultSet rs) throws SQLException;
  }

  static final HeldBackChanges.Null NULL_TEXT = HeldBackChanges.NULL_TEXT;
  static final HeldBackChanges.Null NULL_BIGINT = HeldBackChanges.NULL_BIGINT;

  private final Connection connection;
  private final boolean writable;
  private final List<Runnable> afterCommit = new ArrayList<>();
  private final HeldConversations held = new HeldConversations();
  private final HeldBackChanges deferred;
  private final HeldClock clock = new HeldClock();
  private final ReadAhead readAhead = new ReadAhead();
  // the unit of a group commit running now: HeldClock.BEFORE_UNITS until the first begins
  private int unit = HeldClock.BEFORE_UNITS;
  private boolean failed;
  private boolean lost;

  Tx(Connection connection, boolean writable) {
    this.connection = connection;
    this.writable = writable;
    this.deferred = new HeldBackChanges(connection);
  }

  boolean writable() {
    return writable;
  }

  /** Whether a statement of this transaction failed: PostgreSQL then refuses the rest of it. */
  boolean failed() {
    return failed;
  }

  <T> List<T> list(String sql, Row<T> row, Object... args) {
    try (PreparedStatement statement = deferred.send(sql, args); ResultSet rs = statement.getResultSet()) {
      List<T> found = new ArrayList<>();
      while (rs.next()) {
        found.add(row.map(rs));
      }
      return found;
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  <T> Optional<T> one(String sql, Row<T> row, Object... args) {
    List<T> found = list(sql, row, args);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  /**
   * Runs {@code lock} (a SELECT ... FOR UPDATE), then {@code sql}, in one round trip: two statements,
   * so {@code sql} reads (READ COMMITTED) a snapshot taken once the lock is held. Reading in the
   * locking statement itself would not do: after waiting for the lock, PostgreSQL re-reads only
   * the locked row, and the rest of that statement's rows stay as they were before the wait.
   */
  <T> Optional<T> lockThenOne(String lock, Object[] lockArgs, String sql, Row<T> row, Object... args) {
    Object[] all = new Object[lockArgs.length + args.length];
    System.arraycopy(lockArgs, 0, all, 0, lockArgs.length);
    System.arraycopy(args, 0, all, lockArgs.length, args.length);
    // positioned at the lock's result: a row, or none when there is nothing to lock
    try (PreparedStatement statement = deferred.send(lock + ";\n" + sql, all)) {
      if (!statement.getMoreResults()) {
        throw new IllegalStateException("the read after a lock returned no result");
      }
      try (ResultSet rs = statement.getResultSet()) {
        return rs.next() ? Optional.of(row.map(rs)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  /** Runs several statements in one round trip; {@code results} reads them, from the first one's on. */
  void readEach(String sql, ReadAhead.Results results, Object... args) {
    try (PreparedStatement statement = deferred.send(sql, args)) {
      results.read(statement);
    } catch (SQLException e) {
      throw failure(e);
    }
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
    try (PreparedStatement statement = deferred.send(sql, args)) {
      return statement.getUpdateCount();
    } catch (SQLException e) {
      if (conflict != null && Failures.UNIQUE_VIOLATION.equals(e.getSQLState())) {
        failed = true;
        throw new ConflictException(conflict);
      }
      throw failure(e);
    }
  }

  /** A change that returns rows ({@code RETURNING}); a broken unique constraint is {@code conflict}. */
  <T> Optional<T> changeReturning(String conflict, String sql, Row<T> row, Object... args) {
    requireWritable();
    try (PreparedStatement statement = deferred.send(sql, args); ResultSet rs = statement.getResultSet()) {
      return rs.next() ? Optional.of(row.map(rs)) : Optional.empty();
    } catch (SQLException e) {
      if (conflict != null && Failures.UNIQUE_VIOLATION.equals(e.getSQLState())) {
        failed = true;
        throw new ConflictException(conflict);
      }
      throw failure(e);
    }
  }

  void execute(String sql) {
    flush();
    try (var statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  /** The conversations this write holds locked (see {@link PostgresConversationStore#lock}). */
  HeldConversations held() {
    return held;
  }

  /** What the group commit read for its writes before they ran (see {@link ReadAhead}). */
  ReadAhead readAhead() {
    return readAhead;
  }

  /** The next event position: the first locks the clock (see {@link HeldClock}), the rest are handed out here. */
  long nextPosition() {
    requireWritable();
    if (!clock.held()) {
      clock.locked(number(HeldClock.LOCK), unit);
    }
    return clock.next();
  }

  /** The clock, locked for the whole batch ahead of its writes (by {@link ReadAhead}). */
  void clockLockedAhead(long position) {
    clock.locked(position, HeldClock.BEFORE_UNITS);
  }

  /** The last position handed out in this transaction, or -1 when it holds no clock. */
  long lastPosition() {
    return clock.held() ? clock.last() : -1;
  }

  /**
   * Whether a row lock may be waited for: not while holding the clock for earlier writes (another
   * process's batch may hold the row and wait for the clock); then it is taken NOWAIT.
   */
  boolean mayWaitForLocks() {
    return unit <= 0 || !clock.heldBefore(unit);
  }

  /**
   * A change whose outcome nobody reads and that can break no constraint (an update of a row this
   * write holds locked): sent with the next statement's round trip at the latest, so a post sends
   * its conversation and member updates together with COMMIT.
   */
  void defer(String sql, Object... args) {
    requireWritable();
    deferred.add(sql, args);
  }

  /** A held-back change of one row that other writes of the batch change alike: one statement for all. */
  void deferRow(HeldBackChanges.Rows kind, Object... row) {
    requireWritable();
    deferred.addRow(kind, row);
  }

  private void flush() {
    if (!deferred.isEmpty()) {
      try {
        deferred.send(null).close();
      } catch (SQLException e) {
        throw failure(e);
      }
    }
  }

  /** Commits: the deferred changes, the clock's new position and COMMIT in one round trip. */
  void commit() {
    deferred.dropUnsentSavepoint();
    if (clock.advanced()) {
      deferred.add(HeldClock.WRITE, clock.last());
    }
    if (deferred.isEmpty()) {
      try {
        connection.commit();
      } catch (SQLException e) {
        throw failure(e);
      }
    } else {
      try {
        deferred.send("COMMIT").close();
      } catch (SQLException e) {
        throw failure(e);
      }
    }
  }

  void rollback() {
    deferred.clear();
    try {
      connection.rollback();
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  /** Whether a statement failed because the connection is gone: the whole transaction with it. */
  boolean lost() {
    return lost;
  }

  /** Whether a failed round trip also carried deferred changes of an earlier unit. */
  boolean brokeEarlierUnits() {
    return deferred.brokeEarlierUnits();
  }

  /**
   * Begins one write of a group commit in a savepoint of its own, sent with its first statement
   * (one name for all: ROLLBACK TO finds the newest, and COMMIT releases them all).
   */
  void beginUnit() {
    failed = false;
    afterCommit.clear();
    unit++;
    clock.beginUnit();
    deferred.beginUnit();
  }

  /** Sends the unit's deferred changes now, so a failure among them is its own. */
  void endUnit() {
    flush();
  }

  /**
   * Undoes the current unit: what it sent (back to its savepoint), what it held back, its
   * after-commit actions and what it left in {@link #held} (its locks go with its savepoint).
   */
  void undoUnit() {
    afterCommit.clear();
    held.clear();
    readAhead.clear();
    clock.undoUnit(unit);
    failed = false;
    if (deferred.dropUnit()) {
      try (var statement = connection.createStatement()) {
        statement.execute("ROLLBACK TO SAVEPOINT unit");
      } catch (SQLException e) {
        throw failure(e);
      }
    }
  }

  /** The after-commit actions registered since the unit began. */
  List<Runnable> takeAfterCommit() {
    List<Runnable> taken = List.copyOf(afterCommit);
    afterCommit.clear();
    return taken;
  }

  void afterCommit(Runnable action) {
    requireWritable();
    afterCommit.add(action);
  }

  private RuntimeException failure(SQLException e) {
    failed = true;
    lost |= Failures.isConnectionLost(e);
    if (Failures.UNIQUE_VIOLATION.equals(e.getSQLState()) && deferred.conflict() != null) {
      return new ConflictException(deferred.conflict());
    }
    return Failures.of(e);
  }

  private void requireWritable() {
    if (!writable) {
      throw new IllegalStateException("store writes run inside Transactions.write");
    }
  }
}
