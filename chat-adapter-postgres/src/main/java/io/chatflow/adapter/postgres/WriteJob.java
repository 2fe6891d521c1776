package io.chatflow.adapter.postgres;

import io.chatflow.ports.out.WriteHint;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One caller's write in a group commit: its work, then its result or error once its batch is done. */
final class WriteJob<T> {
  // logged under the group commit, whose events these are
  private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

  private final WriteHint hint;
  private final Supplier<T> work;
  private final CountDownLatch done = new CountDownLatch(1);
  private T result;
  private Throwable error;
  private List<Runnable> afterCommit = List.of();
  private int races;

  WriteJob(WriteHint hint, Supplier<T> work) {
    this.hint = hint;
    this.work = work;
  }

  /** What the work reads first, or null. */
  WriteHint hint() {
    return hint;
  }

  /**
   * Runs the work as one unit of {@code tx}; returns normally when it succeeded (its result and
   * after-commit actions kept until the commit) and throws what it threw otherwise, its unit not
   * yet undone. A unit that went on past a failed statement has failed too.
   */
  void runIn(Tx tx, boolean strict) {
    tx.beginUnit();
    T value = work.get();
    if (tx.failed()) {
      throw new PostgresStoreException("a statement of this write failed earlier; nothing of it was committed");
    }
    if (strict) {
      tx.endUnit();
    }
    result = value;
    afterCommit = tx.takeAfterCommit();
  }

  /** The write lost a race the database detected; returns how many it has lost in a row. */
  int lostRace() {
    return ++races;
  }

  /** Its own failure: kept until its batch is done (a rerun of the batch runs it again). */
  void failed(Throwable e) {
    error = e;
    afterCommit = List.of();
  }

  /** Forgets a run whose transaction was rolled back, before the work runs again. */
  void reset() {
    result = null;
    error = null;
    afterCommit = List.of();
  }

  /** Fails the write as a whole (nothing of it was or will be committed) and releases its caller. */
  void abandon(Throwable e) {
    if (done.getCount() > 0) { // a write already released keeps its outcome
      failed(e);
      done.countDown();
    }
  }

  /** Its batch committed: runs the after-commit actions of a write that succeeded, then releases its caller. */
  void complete() {
    if (error == null) {
      for (Runnable action : afterCommit) {
        try {
          action.run();
        } catch (RuntimeException e) {
          // the write is committed whatever an action does: its caller still gets its result
          log.warn("event=after_commit_failed error={}", e.toString());
        }
      }
    }
    done.countDown();
  }

  /** The caller's wait: the result, or the error, once the batch is done. */
  T outcome() {
    boolean interrupted = false;
    while (true) {
      try {
        done.await();
        break;
      } catch (InterruptedException e) {
        // the write is already queued: wait for its real outcome
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (error instanceof RuntimeException e) {
      throw e;
    }
    if (error instanceof Error e) {
      throw e;
    }
    if (error != null) {
      throw new PostgresStoreException("write failed: " + error, error);
    }
    return result;
  }
}
