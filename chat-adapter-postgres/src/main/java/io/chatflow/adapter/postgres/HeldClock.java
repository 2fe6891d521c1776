package io.chatflow.adapter.postgres;

/**
 * The event clock as a write transaction holds it: once the transaction has locked the clock's
 * row (and read the last position), it hands out the next positions itself, in the process, and
 * writes the clock's row once, with COMMIT. Nobody else can take a position meanwhile, so they
 * still grow in commit order. A unit of a group commit that is undone gives its positions back,
 * and the lock too when the unit took it (its savepoint releases it).
 */
final class HeldClock {
  static final String LOCK = "SELECT position FROM event_clock WHERE id = 1 FOR NO KEY UPDATE";
  static final String WRITE = "UPDATE event_clock SET position = ? WHERE id = 1";
  /** The unit number of a lock taken before the first unit: no undo releases it. */
  static final int BEFORE_UNITS = -1;

  private boolean held;
  private long read;
  private long last;
  private int lockedIn;
  private long unitStart;

  boolean held() {
    return held;
  }

  /** The clock's row is locked, in unit {@code unit}, and its last position is {@code position}. */
  void locked(long position, int unit) {
    held = true;
    read = position;
    last = position;
    lockedIn = unit;
  }

  /** Whether the clock was locked before unit {@code unit} began: by an earlier unit, or for the batch. */
  boolean heldBefore(int unit) {
    return held && lockedIn != unit;
  }

  /** The next position: only while held. */
  long next() {
    if (!held) {
      throw new IllegalStateException("the event clock is not held");
    }
    return ++last;
  }

  /** The last position handed out, or read when the clock was locked. */
  long last() {
    return last;
  }

  /** Whether positions were handed out: the clock's row must be written before COMMIT. */
  boolean advanced() {
    return held && last > read;
  }

  void beginUnit() {
    unitStart = last;
  }

  /** Unit {@code unit} is undone: its positions are free again, and the lock if it took it. */
  void undoUnit(int unit) {
    if (!held) {
      return;
    }
    if (lockedIn == unit) {
      held = false;
    } else {
      last = unitStart;
    }
  }
}
