package io.chatflow.adapter.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The connection store calls run on, bound to the thread running the work: a write's, a read's,
 * or a pooled one for a lone statement. It keeps what the write holds locked ({@link HeldConversations})
 * and holds back the changes it may send with the next statement (see {@link #defer}).
 */
final class Tx extends RoundTrips {
  static final HeldBackChanges.Null NULL_TEXT = HeldBackChanges.NULL_TEXT;
  static final HeldBackChanges.Null NULL_BIGINT = HeldBackChanges.NULL_BIGINT;

  private final List<Runnable> afterCommit = new ArrayList<>();
  private final HeldConversations held = new HeldConversations();
  private final HeldClock clock = new HeldClock();
  private final ReadAhead readAhead = new ReadAhead();
  private final MemberIdCache memberIdCache;
  // the unit of a group commit running now: HeldClock.BEFORE_UNITS until the first begins
  private int unit = HeldClock.BEFORE_UNITS;

  /** A read (or a lone statement). */
  Tx(Connection connection, boolean writable) {
    this(connection, writable, null);
  }

  /** A write, that keeps the member ids it reads in {@code memberIdCache}. */
  Tx(Connection connection, boolean writable, MemberIdCache memberIdCache) {
    super(connection, writable);
    this.memberIdCache = memberIdCache;
  }

  /** An int8[] parameter (nulls allowed). */
  java.sql.Array int8Array(Long[] values) {
    try {
      return connection.createArrayOf("int8", values);
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  /** The member ids this process keeps (see {@link MemberIdCache}): only inside a write. */
  MemberIdCache memberIdCache() {
    requireWritable();
    return memberIdCache;
  }

  /** The conversations this write holds locked (see {@link ConversationLock#lock}). */
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

  /** Commits: the deferred changes, the clock's new position and COMMIT in one round trip. */
  void commit() {
    deferred.dropUnsentSavepoint();
    if (clock.advanced()) {
      deferred.add(HeldClock.WRITE, clock.last());
    }
    try {
      if (deferred.isEmpty()) {
        connection.commit();
      } else {
        deferred.send("COMMIT").close();
      }
    } catch (SQLException e) {
      throw failure(e);
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

  /**
   * Begins one write of a group commit in a savepoint of its own, sent with its first statement
   * (one name for all: ROLLBACK TO finds the newest, and COMMIT releases them all).
   */
  void beginUnit() {
    clearFailed();
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
    clearFailed();
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
}
