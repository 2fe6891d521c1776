package io.chatflow.adapter.sqlite;

import io.chatflow.ports.out.Transactions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: one writer thread takes the queued writes, runs them one after another
 * in one transaction, and pays one durable commit for all of them. A write that throws
 * gets its own exception and the others commit: one that threw before it could have
 * written has only its cached changes undone; one that threw later makes the writer roll
 * the batch back and run it again, each write in its own savepoint (savepoints for every
 * write would cost SQLite a copy of each page changed). Once committed, a batch goes to
 * one completer thread, which runs the after-commit actions in write order (so they follow
 * the global commit order) and releases the callers, while the writer already runs the
 * next batch. When no write is waiting and the completer has nothing left, the writer
 * completes the batch itself: the hand-off would only add a thread wake-up to the
 * caller's wait.
 */
final class GroupCommit implements Transactions {
  private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

  private final Database db;
  private final int maxBatch;
  private final BlockingQueue<Job<?>> queue = new LinkedBlockingQueue<>();
  private final Job<Void> stop = new Job<>(() -> null);
  private final Thread writer;
  private final BlockingQueue<List<Job<?>>> committed = new LinkedBlockingQueue<>();
  private final List<Job<?>> completerStop = List.of();
  private final Thread completer;
  private final AtomicInteger handedOver = new AtomicInteger();
  private boolean closed;
  private volatile long batches;
  private volatile long writes;
  private volatile long workNanos;
  private volatile long commitNanos;

  GroupCommit(Database db, int maxBatch) {
    this.db = db;
    this.maxBatch = maxBatch;
    this.writer = new Thread(this::run, "chatflow-sqlite-writer");
    this.completer = new Thread(this::complete, "chatflow-sqlite-completer");
    writer.setDaemon(true);
    completer.setDaemon(true);
    completer.start();
    writer.start();
  }

  @Override
  public <T> T write(Supplier<T> work) {
    Tx tx = db.current();
    if (tx != null && tx.writable()) {
      return tx.inSavepoint(work);
    }
    if (Thread.currentThread() == writer || Thread.currentThread() == completer) {
      throw new IllegalStateException("an after-commit action may not write: it would wait for itself");
    }
    Job<T> job = new Job<>(work);
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("the SQLite store is closed");
      }
      queue.add(job);
    }
    return job.outcome();
  }

  @Override
  public <T> T read(Supplier<T> work) {
    return db.read(work);
  }

  @Override
  public void afterCommit(Runnable action) {
    Tx tx = db.current();
    if (tx == null || !tx.writable()) {
      throw new IllegalStateException("afterCommit runs inside Transactions.write");
    }
    tx.afterCommit(action);
  }

  /** Writes waiting for the writer thread. */
  int queued() {
    return queue.size();
  }

  /** Transactions committed or attempted so far. */
  long batches() {
    return batches;
  }

  /** Writes run so far, and the writer's time spent running them and committing (for the benchmark). */
  long[] load() {
    return new long[] {writes, workNanos, commitNanos};
  }

  /** Lets the queued writes finish and their callers go, then stops the writer and completer threads. */
  void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      queue.add(stop);
    }
    if (Thread.currentThread() == writer || Thread.currentThread() == completer) {
      return; // closed from an after-commit action: both stop once the queued writes are done
    }
    boolean interrupted = false;
    for (Thread thread : List.of(writer, completer)) {
      while (thread.isAlive()) {
        try {
          thread.join();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** The completer thread: after-commit actions and callers' release, batch after batch in commit order. */
  private void complete() {
    while (true) {
      List<Job<?>> batch;
      try {
        batch = committed.take();
      } catch (InterruptedException e) {
        continue; // only the writer stops the completer, once every batch is done
      }
      if (batch == completerStop) {
        return;
      }
      for (Job<?> job : batch) {
        job.complete();
      }
      handedOver.decrementAndGet();
    }
  }

  private void run() {
    try {
      write();
    } finally {
      committed.add(completerStop);
    }
  }

  private void write() {
    boolean stopping = false;
    while (!stopping) {
      List<Job<?>> batch = new ArrayList<>(maxBatch);
      try {
        batch.add(queue.take());
      } catch (InterruptedException e) {
        continue; // only close() stops the writer, once the queue is done
      }
      queue.drainTo(batch, maxBatch - 1);
      stopping = batch.remove(stop);
      if (!batch.isEmpty()) {
        try {
          commit(batch);
        } catch (Throwable e) {
          // keep the writer alive whatever happens: a dead writer would hang every later write
          log.error("event=sqlite_writer_failed error=\"{}\"", e.toString());
          db.resetWriter();
          batch.forEach(job -> job.abandon(e));
        }
      }
    }
  }

  private void commit(List<Job<?>> batch) {
    batches++; // before any caller is released, so callers see their own batch counted
    Tx tx = begin(batch);
    if (tx == null) {
      return;
    }
    long started = System.nanoTime();
    RuntimeException broken = null;
    try {
      for (Job<?> job : batch) {
        job.runIn(tx, false);
      }
    } catch (Tx.Rerun e) {
      // rare: a write failed after it may have written, and only a savepoint undoes a part
      log.debug("event=sqlite_batch_rerun writes={}", batch.size());
      db.abandonWrite();
      tx = begin(batch);
      if (tx == null) {
        return;
      }
      batch.forEach(Job::reset);
      broken = runGuarded(batch, tx);
    }
    long ran = System.nanoTime();
    if (broken == null) {
      try {
        db.endWrite(tx, true);
      } catch (RuntimeException e) {
        broken = e;
      }
    }
    writes += batch.size();
    workNanos += ran - started;
    commitNanos += System.nanoTime() - ran;
    if (broken != null) {
      log.error("event=sqlite_group_commit_failed writes={} error=\"{}\"", batch.size(), broken.getMessage());
      db.resetWriter();
      for (Job<?> job : batch) {
        job.failIfRan(broken);
      }
    }
    if (handedOver.get() == 0 && queue.isEmpty()) {
      // every earlier batch is complete, so completing here keeps the commit order
      batch.forEach(Job::complete);
    } else {
      handedOver.incrementAndGet();
      committed.add(batch);
    }
  }

  /** Begins the batch's transaction; when that fails, fails the whole batch and returns null. */
  private Tx begin(List<Job<?>> batch) {
    try {
      return db.beginWrite();
    } catch (RuntimeException e) {
      log.error("event=sqlite_begin_failed writes={} error=\"{}\"", batch.size(), e.getMessage());
      db.resetWriter();
      for (Job<?> job : batch) {
        job.fail(e);
        job.complete();
      }
      return null;
    }
  }

  /** Runs each write in its own savepoint; returns the failure that ended the whole transaction, if one did. */
  private static RuntimeException runGuarded(List<Job<?>> batch, Tx tx) {
    RuntimeException broken = null;
    for (Job<?> job : batch) {
      if (broken != null) {
        job.fail(broken);
        continue;
      }
      try {
        job.runIn(tx, true);
      } catch (Tx.BrokenTransaction e) {
        broken = e;
      }
    }
    return broken;
  }

  /** One caller's write: its work, then its result or error once the batch is done. */
  private static final class Job<T> {
    private final Supplier<T> work;
    private final CountDownLatch done = new CountDownLatch(1);
    private T result;
    private Throwable error;
    private List<Runnable> afterCommit = List.of();

    Job(Supplier<T> work) {
      this.work = work;
    }

    /**
     * Runs the work, in its own savepoint when {@code guarded}; its own failure stays its own.
     * Unguarded, a failure after it may have written throws {@link Tx.Rerun}.
     */
    void runIn(Tx tx, boolean guarded) {
      try {
        result = guarded ? tx.inWriteSavepoint(work) : tx.inWriteUnguarded(work);
        afterCommit = tx.takeAfterCommit();
      } catch (Tx.Rerun e) {
        throw e;
      } catch (Tx.BrokenTransaction e) {
        error = e.getSuppressed().length > 0 ? e.getSuppressed()[0] : e;
        throw e;
      } catch (Throwable e) {
        error = e;
        tx.takeAfterCommit();
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
}
