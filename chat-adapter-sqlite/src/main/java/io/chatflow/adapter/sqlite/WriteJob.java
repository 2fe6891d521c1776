package io.chatflow.adapter.sqlite;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One caller's write in a group commit: its work, then its result or error once the batch is done. */
final class WriteJob<T> {
  // logged under the group commit, whose events these are
  private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

  private final Supplier<T> work;
  private final CountDownLatch done = new CountDownLatch(1);
  private T result;
  private Throwable error;
  private List<Runnable> afterCommit = List.of();

  WriteJob(Supplier<T> work) {
    this.work = work;
  }

  /**
   * Runs the work, in its own savepoint when {@code guarded}; its own failure stays its own.
   * Unguarded, a failure after it may have written throws {@link WriteUnits.Rerun}.
   */
  void runIn(WriteUnits units, boolean guarded) {
    try {
      result = guarded ? units.inWriteSavepoint(work) : units.inWriteUnguarded(work);
      afterCommit = units.takeAfterCommit();
    } catch (WriteUnits.Rerun e) {
      throw e;
    } catch (WriteUnits.BrokenTransaction e) {
      error = e.getSuppressed().length > 0 ? e.getSuppressed()[0] : e;
      throw e;
    } catch (Throwable e) {
      error = e;
      units.takeAfterCommit();
    }
  }

  void fail(Throwable e) {
    error = e;
  }

  /** Forgets a run whose transaction was rolled back, before the work runs again. */
  void reset() {
    result = null;
    error = null;
    afterCommit = List.of();
  }

  /** The commit failed: a write that had succeeded is lost too. */
  void failIfRan(RuntimeException e) {
    if (error == null) {
      error = e;
      afterCommit = List.of();
    }
  }

  /** Completes a job the writer could not finish normally; does nothing to one already done. */
  void abandon(Throwable e) {
    if (done.getCount() > 0) {
      error = error == null ? e : error;
      done.countDown();
    }
  }

  /** Runs the after-commit actions of a write that committed, then releases its caller. */
  void complete() {
    if (error == null) {
      for (Runnable action : afterCommit) {
        try {
          action.run();
        } catch (Throwable e) {
          // the write is committed whatever an action does: its caller still gets its result
          log.error("event=after_commit_action_failed error=\"{}\"", e.toString());
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
      throw new SqliteStoreException("write failed", error);
    }
    return result;
  }
}
