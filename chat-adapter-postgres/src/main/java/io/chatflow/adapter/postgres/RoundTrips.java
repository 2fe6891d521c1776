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
 * The statements of one transaction's connection, each sent with the changes held back before it
 * ({@link HeldBackChanges}) in one round trip, and what a failed one means ({@link Failures}):
 * PostgreSQL refuses the rest of a transaction after a failure, and a lost connection takes the
 * transaction with it. {@link Tx} adds what a write holds.
 */
class RoundTrips {
  /** Maps the current row of a result. */
  interface Row<T> {
    T map(ResultSet rs) throws SQLException;
  }

  final Connection connection;
  final HeldBackChanges deferred;
  private final boolean writable;
  private boolean failed;
  private boolean lost;

  RoundTrips(Connection connection, boolean writable) {
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
      throw failure(conflict, e);
    }
  }

  /** A change that returns rows ({@code RETURNING}); a broken unique constraint is {@code conflict}. */
  <T> Optional<T> changeReturning(String conflict, String sql, Row<T> row, Object... args) {
    requireWritable();
    try (PreparedStatement statement = deferred.send(sql, args); ResultSet rs = statement.getResultSet()) {
      return rs.next() ? Optional.of(row.map(rs)) : Optional.empty();
    } catch (SQLException e) {
      throw failure(conflict, e);
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

  void flush() {
    if (!deferred.isEmpty()) {
      try {
        deferred.send(null).close();
      } catch (SQLException e) {
        throw failure(e);
      }
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

  void clearFailed() {
    failed = false;
  }

  /** A failure, where breaking a unique constraint is the domain's conflict {@code conflict} (when named). */
  RuntimeException failure(String conflict, SQLException e) {
    if (conflict != null && Failures.UNIQUE_VIOLATION.equals(e.getSQLState())) {
      failed = true;
      return new ConflictException(conflict);
    }
    return failure(e);
  }

  RuntimeException failure(SQLException e) {
    failed = true;
    lost |= Failures.isConnectionLost(e);
    if (Failures.UNIQUE_VIOLATION.equals(e.getSQLState()) && deferred.conflict() != null) {
      return new ConflictException(deferred.conflict());
    }
    return Failures.of(e);
  }

  void requireWritable() {
    if (!writable) {
      throw new IllegalStateException("store writes run inside Transactions.write");
    }
  }
}
