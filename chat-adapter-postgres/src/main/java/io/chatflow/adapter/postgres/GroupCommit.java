package io.chatflow.adapter.postgres;

import io.chatflow.domain.UnavailableException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import io.chatflow.ports.out.WriteHint;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: one writer thread takes the queued writes of this process and runs them one after
 * another in one transaction on a pooled connection, each in a savepoint of its own (a unit of
 * {@link Tx}), so the batch holds the event clock once and pays one WAL flush. After COMMIT it runs
 * each write's after-commit actions, in batch order, and releases the callers.
 *
 * <p>Failures: a write that throws has its savepoint rolled back and gets its exception; the others
 * commit. A failed round trip that also carried held-back changes of earlier writes, or a failed
 * COMMIT that sent them, cannot be pinned on one write: the batch is rolled back and runs again,
 * each write sending its changes before the next begins. A deadlock or serialization failure in
 * one write commits the writes before it (so the lock the other transaction waits for is freed)
 * and carries it and the rest into the next batch. A lost connection fails every write of the
 * batch as unavailable (none is acknowledged), and a COMMIT that failed so is never run again:
 * whether it committed is unknown.
 */
final class GroupCommit {
  static final int ATTEMPTS = 5;
  // a backend caches 64 subtransaction ids; more savepoints with writes would overflow every snapshot taken meanwhile
  static final int MAX_BATCH = 64;
  private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

  private final Database db;
  private final BlockingQueue<WriteJob<?>> queue = new LinkedBlockingQueue<>();
  private final WriteJob<Void> stop = new WriteJob<>(null, () -> null);
  private final Thread writer;
  private boolean closed;

  GroupCommit(Database db) {
    this.db = db;
    this.writer = new Thread(this::run, "chatflow-postgres-writer");
    writer.setDaemon(true);
    writer.start();
  }

  /** Queues {@code work} (with its hint, or null) for the writer and waits for its outcome. */
  <T> T submit(WriteHint hint, Supplier<T> work) {
    if (isWriter()) {
      throw new IllegalStateException("an after-commit action may not write: it would wait for itself");
    }
    WriteJob<T> job = new WriteJob<>(hint, work);
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("the PostgreSQL store is closed");
      }
      queue.add(job);
    }
    return job.outcome();
  }

  /** Writes waiting for the writer. */
  int queued() {
    return queue.size();
  }

  boolean isWriter() {
    return Thread.currentThread() == writer;
  }

  /** Lets the queued writes finish, then stops the writer. */
  void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      queue.add(stop);
    }
    if (isWriter()) {
      return;
    }
    boolean interrupted = false;
    while (writer.isAlive()) {
      try {
        writer.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    List<WriteJob<?>> carried = new ArrayList<>();
    boolean stopping = false;
    while (!stopping || !carried.isEmpty()) {
      List<WriteJob<?>> batch = new ArrayList<>(carried);
      carried.clear();
      if (!stopping) {
        if (batch.isEmpty()) {
          try {
            batch.add(queue.take());
          } catch (InterruptedException e) {
            continue; // only close() stops the writer, once the queue is done
          }
        }
        queue.drainTo(batch, MAX_BATCH - batch.size());
        stopping = batch.remove(stop);
      }
      if (batch.isEmpty()) {
        continue;
      }
      try {
        carried.addAll(commit(batch));
      } catch (Throwable e) {
        // keep the writer alive whatever happens: a dead writer would hang every later write
        Throwable cause = e instanceof Rerun ? e.getCause() : e;
        log.error("event=postgres_batch_failed writes={} error=\"{}\"", batch.size(), cause.toString());
        batch.forEach(job -> job.abandon(cause));
      }
    }
  }

  /** Runs and commits the batch; returns the writes to carry into the next one. */
  private List<WriteJob<?>> commit(List<WriteJob<?>> batch) {
    boolean strict = false;
    for (int attempt = 1; ; attempt++) {
      try {
        return attempt(batch, strict);
      } catch (Rerun e) {
        if (strict) {
          throw e; // one write at a time, and still nobody to pin it on: fail them all
        }
        log.debug("event=postgres_batch_rerun writes={} cause=\"{}\"", batch.size(), e.getCause().toString());
        strict = true;
      } catch (Failures.Retry e) {
        if (attempt == ATTEMPTS) {
          throw new PostgresStoreException("a write lost " + ATTEMPTS + " races in a row: " + e.getMessage(), e);
        }
        log.debug("event=postgres_write_retried attempt={} cause={}", attempt, e.getMessage());
      }
      batch.forEach(WriteJob::reset);
    }
  }

  private List<WriteJob<?>> attempt(List<WriteJob<?>> batch, boolean strict) {
    Connection connection;
    try {
      connection = db.borrow();
    } catch (RuntimeException e) {
      batch.forEach(job -> job.abandon(e));
      return List.of();
    }
    Tx tx = new Tx(connection, true, db.memberIdCache());
    db.bind(tx);
    boolean open = false;
    try (connection) {
      // pgjdbc sends BEGIN with the first statement: no round trip of its own
      connection.setAutoCommit(false);
      open = true;
      if (!strict) {
        readAhead(batch, tx);
      }
      int end = runUnits(batch, tx, strict);
      List<WriteJob<?>> ran = batch.subList(0, end);
      try {
        tx.commit();
        open = false;
      } catch (Failures.Retry e) {
        throw e;
      } catch (RuntimeException e) {
        if (tx.lost() || e instanceof UnavailableException) {
          // it may or may not have committed: acknowledge none, and never run them again
          log.warn("event=postgres_commit_failed writes={} error=\"{}\"", end, e.getMessage());
          ran.forEach(job -> job.abandon(e));
          return new ArrayList<>(batch.subList(end, batch.size()));
        }
        throw new Rerun(e);
      }
      db.unbind(); // an action that reads runs a read of its own, not more of this finished write
      ran.forEach(WriteJob::complete);
      return new ArrayList<>(batch.subList(end, batch.size()));
    } catch (Lost e) {
      batch.forEach(job -> job.abandon(e.getCause()));
      return List.of();
    } catch (SQLException e) {
      RuntimeException failure = Failures.of(e);
      batch.forEach(job -> job.abandon(failure));
      return List.of();
    } finally {
      db.unbind();
      if (open) {
        rollbackQuietly(tx);
      }
    }
  }

  /**
   * Reads what the hinted writes read first, for all of them in one round trip (see {@link ReadAhead}).
   * A failure there cannot be pinned on one write: the batch runs again without it.
   */
  private static void readAhead(List<WriteJob<?>> batch, Tx tx) {
    try {
      ReadAhead.fetch(tx, batch.stream().map(WriteJob::hint).toList(), batch.get(0).hint() != null);
    } catch (Failures.Retry e) {
      throw e;
    } catch (RuntimeException e) {
      if (tx.lost()) {
        throw new Lost(e);
      }
      throw new Rerun(e);
    }
  }

  /**
   * Runs each write as a unit; returns how many of the batch belong to this transaction (the
   * rest lost a race to another transaction and go on to the next batch).
   */
  private static int runUnits(List<WriteJob<?>> batch, Tx tx, boolean strict) {
    for (int i = 0; i < batch.size(); i++) {
      WriteJob<?> job = batch.get(i);
      try {
        job.runIn(tx, strict);
      } catch (Throwable e) {
        if (tx.lost()) {
          throw new Lost(e);
        }
        if (tx.brokeEarlierUnits()) {
          throw new Rerun(e);
        }
        undo(tx);
        if (e instanceof Failures.Retry) {
          if (job.lostRace() < ATTEMPTS) {
            return i;
          }
          e = new PostgresStoreException("a write lost " + ATTEMPTS + " races in a row: " + e.getMessage(), e);
        }
        job.failed(e);
      }
    }
    return batch.size();
  }

  private static void undo(Tx tx) {
    try {
      tx.undoUnit();
    } catch (RuntimeException e) {
      throw new Lost(e); // ROLLBACK TO failed: the transaction is gone as a whole
    }
  }

  private static void rollbackQuietly(Tx tx) {
    try {
      tx.rollback();
    } catch (RuntimeException ignored) {
      // the connection is gone: so is the transaction
    }
  }

  /** A failure that cannot be pinned on one write: the batch runs again, one write's changes at a time. */
  private static final class Rerun extends RuntimeException {
    Rerun(Throwable cause) {
      super("a failure the batch cannot pin on one write", cause, false, false);
    }
  }

  /** The transaction is gone (the connection with it): every write of the batch fails. */
  private static final class Lost extends RuntimeException {
    Lost(Throwable cause) {
      super(cause.getMessage(), cause, false, false);
    }
  }
}
