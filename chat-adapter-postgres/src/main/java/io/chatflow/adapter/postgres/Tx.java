package io.chatflow.adapter.postgres;

import io.chatflow.domain.ConflictException;
import io.chatflow.domain.user.UserId;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

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

  /** A null of a given SQL type, for parameters PostgreSQL cannot type from their place. */
  record Null(int sqlType) {}

  static final Null NULL_TEXT = new Null(Types.VARCHAR);
  static final Null NULL_BIGINT = new Null(Types.BIGINT);

  /** A change whose result nobody reads, sent with the next change or the commit. */
  private record Deferred(String sql, Object[] args) {}

  private final Connection connection;
  private final boolean writable;
  private final List<Runnable> afterCommit = new ArrayList<>();
  private final HeldConversations held = new HeldConversations();
  private static final Object[] NO_ARGS = {};
  private static final Deferred SAVEPOINT = new Deferred("SAVEPOINT unit", NO_ARGS);

  private final List<Deferred> deferred = new ArrayList<>();
  private boolean failed;
  private boolean lost;
  // where the current unit's SAVEPOINT waits in deferred, or -1 once it is sent (or outside units)
  private int unitMark = -1;
  private boolean brokeEarlierUnits;

  Tx(Connection connection, boolean writable) {
    this.connection = connection;
    this.writable = writable;
  }

  boolean writable() {
    return writable;
  }

  /** Whether a statement of this transaction failed: PostgreSQL then refuses the rest of it. */
  boolean failed() {
    return failed;
  }

  <T> List<T> list(String sql, Row<T> row, Object... args) {
    try (PreparedStatement statement = send(sql, args); ResultSet rs = statement.getResultSet()) {
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
    try (PreparedStatement statement = send(lock + ";\n" + sql, all)) {
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

  long number(String sql, Object... args) {
    return one(sql, rs -> rs.getLong(1), args).orElse(0L);
  }

  int update(String sql, Object... args) {
    return updateUnique(null, sql, args);
  }

  /** An update where breaking a unique constraint is the domain's conflict {@code conflict}. */
  int updateUnique(String conflict, String sql, Object... args) {
    requireWritable();
    try (PreparedStatement statement = send(sql, args)) {
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
    try (PreparedStatement statement = send(sql, args); ResultSet rs = statement.getResultSet()) {
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

  /** Reads a text[] column as user ids. */
  static Set<UserId> memberIds(ResultSet rs, int column) throws SQLException {
    Array array = rs.getArray(column);
    Set<UserId> ids = new LinkedHashSet<>();
    for (Object id : (Object[]) array.getArray()) {
      ids.add(new UserId((String) id));
    }
    return ids;
  }

  /**
   * A change whose outcome nobody reads and that can break no constraint (an update of a row this
   * write holds locked): sent with the next statement's round trip at the latest, so a post sends
   * its conversation and member updates together with COMMIT.
   */
  void defer(String sql, Object... args) {
    requireWritable();
    deferred.add(new Deferred(sql, args));
  }

  private void flush() {
    if (!deferred.isEmpty()) {
      try {
        send(null, NO_ARGS).close();
      } catch (SQLException e) {
        throw failure(e);
      }
    }
  }

  /**
   * Runs the deferred changes and then {@code sql} (when not null) in one round trip; returns
   * the statement positioned at the last result. A failure here that carried changes of an earlier
   * unit of a group commit is not this unit's alone ({@link #brokeEarlierUnits}).
   */
  private PreparedStatement send(String sql, Object[] args) throws SQLException {
    if (deferred.isEmpty()) {
      PreparedStatement statement = prepare(sql, args);
      return executed(statement, 0, false);
    }
    StringBuilder text = new StringBuilder();
    List<Object> all = new ArrayList<>();
    for (Deferred d : deferred) {
      text.append(d.sql()).append(";\n");
      all.addAll(Arrays.asList(d.args()));
    }
    int skip = deferred.size() - 1;
    if (sql != null) {
      text.append(sql);
      all.addAll(Arrays.asList(args));
      skip++;
    }
    boolean carriesEarlierUnits = unitMark > 0;
    deferred.clear();
    unitMark = -1;
    return executed(prepare(text.toString(), all.toArray()), skip, carriesEarlierUnits);
  }

  private PreparedStatement executed(PreparedStatement statement, int skip, boolean carriesEarlierUnits)
      throws SQLException {
    try {
      statement.execute();
      for (int i = 0; i < skip; i++) {
        statement.getMoreResults();
      }
      return statement;
    } catch (SQLException e) {
      statement.close();
      brokeEarlierUnits |= carriesEarlierUnits;
      throw e;
    }
  }

  /** Commits: the deferred changes and COMMIT in one round trip. */
  void commit() {
    if (deferred.isEmpty()) {
      try {
        connection.commit();
      } catch (SQLException e) {
        throw failure(e);
      }
    } else {
      try {
        send("COMMIT", NO_ARGS).close();
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
    return brokeEarlierUnits;
  }

  /**
   * Begins one write of a group commit in a savepoint of its own, sent with its first statement
   * (one name for all: ROLLBACK TO finds the newest, and COMMIT releases them all).
   */
  void beginUnit() {
    failed = false;
    afterCommit.clear();
    unitMark = deferred.size();
    deferred.add(SAVEPOINT);
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
    if (unitMark >= 0) {
      deferred.subList(unitMark, deferred.size()).clear();
    } else {
      deferred.clear();
      try (var statement = connection.createStatement()) {
        statement.execute("ROLLBACK TO SAVEPOINT unit");
      } catch (SQLException e) {
        throw failure(e);
      }
    }
    unitMark = -1;
    failed = false;
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

  List<Runnable> afterCommitActions() {
    return afterCommit;
  }

  private PreparedStatement prepare(String sql, Object... args) throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    try {
      for (int i = 0; i < args.length; i++) {
        Object arg = args[i];
        if (arg instanceof Instant at) {
          statement.setLong(i + 1, Times.nanos(at));
        } else if (arg instanceof Null typed) {
          statement.setNull(i + 1, typed.sqlType());
        } else if (arg instanceof String[] texts) {
          statement.setArray(i + 1, connection.createArrayOf("text", texts));
        } else {
          statement.setObject(i + 1, arg);
        }
      }
      return statement;
    } catch (SQLException | RuntimeException e) {
      statement.close();
      throw e;
    }
  }

  private RuntimeException failure(SQLException e) {
    failed = true;
    lost |= Failures.isConnectionLost(e);
    return Failures.of(e);
  }

  private void requireWritable() {
    if (!writable) {
      throw new IllegalStateException("store writes run inside Transactions.write");
    }
  }
}
