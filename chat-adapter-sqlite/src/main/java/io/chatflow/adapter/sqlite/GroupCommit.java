package io.chatflow.adapter.sqlite;

import io.chatflow.ports.out.Transactions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: one writer thread takes the queued writes, runs them one after another
 * in one transaction, and pays one durable commit for all of them. A write that throws
 * gets its own exception and the others commit: one that threw before it could have
 * written has only its cached changes undone; one that threw later makes the writer roll
 * the batch back and run it again, each write in its own savepoint (savepoints for every
 * write would cost SQLite a copy of each page changed: {@link WriteUnits}). Once committed,
 * a batch goes to one completer thread ({@link Completer}), which runs the after-commit actions
 * in write order (so they follow the global commit order) and releases the callers
 * ({@link WriteJob}), while the writer already runs the next batch. When no write is waiting
 * and the completer has nothing left, the writer completes the batch itself: the hand-off
 * would only add a thread wake-up to the caller's wait.
 */
final class GroupCommit implements Transactions {
  private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

  private final Database db;
  private final int maxBatch;
  private final BlockingQueue<WriteJob<?>> queue = new LinkedBlockingQueue<>();
  private final WriteJob<Void> stop = new WriteJob<>(() -> null);
  private final Thread writer;
  private final Completer completer = new Completer();
  private boolean closed;
  private volatile long batches;
  private volatile long writes;
  private volatile long workNanos;
  private volatile long commitNanos;
  private volatile Runnable onCommit = () -> {};

  GroupCommit(Database db, int maxBatch) {
    this.db = db;
    this.maxBatch = maxBatch;
    this.writer = new Thread(this::run, "chatflow-sqlite-writer");
    writer.setDaemon(true);
    completer.start();
    writer.start();
  }

  @Override
  public <T> T write(Supplier<T> work) {
    Statements tx = db.current();
    if (tx != null && tx.writable()) {
      return tx.units().inSavepoint(work);
    }
    if (Thread.currentThread() == writer || completer.isCurrentThread()) {
      throw new IllegalStateException("an after-commit action may not write: it would wait for itself");
    }
    WriteJob<T> job = new WriteJob<>(work);
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
    Statements tx = db.current();
    if (tx == null || !tx.writable()) {
      throw new IllegalStateException("afterCommit runs inside Transactions.write");
    }
    tx.units().afterCommit(action);
  }

  /** Runs {@code action} on the writer thread after each commit (it must not block). */
  void onCommit(Runnable action) {
    this.onCommit = action;
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
    if (Thread.currentThread() == writer || completer.isCurrentThread()) {
      return; // closed from an after-commit action: both stop once the queued writes are done
    }
    Threads.joinAll(List.of(writer, completer.thread()));
  }

  private void run() {
    try {
      write();
    } finally {
      completer.stop();
    }
  }

  private void write() {
    boolean stopping = false;
    while (!stopping) {
      List<WriteJob<?>> batch = new ArrayList<>(maxBatch);
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

  private void commit(List<WriteJob<?>> batch) {
    batches++; // before any caller is released, so callers see their own batch counted
    Statements tx = begin(batch);
    if (tx == null) {
      return;
    }
    long started = System.nanoTime();
    RuntimeException broken = null;
    try {
      for (WriteJob<?> job : batch) {
        job.runIn(tx.units(), false);
      }
    } catch (WriteUnits.Rerun e) {
      // rare: a write failed after it may have written, and only a savepoint undoes a part
      log.debug("event=sqlite_batch_rerun writes={}", batch.size());
      db.abandonWrite();
      tx = begin(batch);
      if (tx == null) {
        return;
      }
      batch.forEach(WriteJob::reset);
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
    if (broken == null) {
      onCommit.run();
    }
    writes += batch.size();
    workNanos += ran - started;
    commitNanos += System.nanoTime() - ran;
    if (broken != null) {
      log.error("event=sqlite_group_commit_failed writes={} error=\"{}\"", batch.size(), broken.getMessage());
      db.resetWriter();
      for (WriteJob<?> job : batch) {
        job.failIfRan(broken);
      }
    }
    if (completer.idle() && queue.isEmpty()) {
      // every earlier batch is complete, so completing here keeps the commit order
      batch.forEach(WriteJob::complete);
    } else {
      completer.handOver(batch);
    }
  }

  /** Begins the batch's transaction; when that fails, fails the whole batch and returns null. */
  private Statements begin(List<WriteJob<?>> batch) {
    try {
      return db.beginWrite();
    } catch (RuntimeException e) {
      log.error("event=sqlite_begin_failed writes={} error=\"{}\"", batch.size(), e.getMessage());
      db.resetWriter();
      for (WriteJob<?> job : batch) {
        job.fail(e);
        job.complete();
      }
      return null;
    }
  }

  /** Runs each write in its own savepoint; returns the failure that ended the whole transaction, if one did. */
  private static RuntimeException runGuarded(List<WriteJob<?>> batch, Statements tx) {
    RuntimeException broken = null;
    for (WriteJob<?> job : batch) {
      if (broken != null) {
        job.fail(broken);
        continue;
      }
      try {
        job.runIn(tx.units(), true);
      } catch (WriteUnits.BrokenTransaction e) {
        broken = e;
      }
    }
    return broken;
  }
}
