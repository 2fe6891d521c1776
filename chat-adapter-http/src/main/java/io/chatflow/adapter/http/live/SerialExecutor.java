package io.chatflow.adapter.http.live;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs tasks one at a time, in order, on a shared pool: one socket's frames never overtake each other. */
final class SerialExecutor implements Executor {
  private static final Logger LOG = LoggerFactory.getLogger(SerialExecutor.class);

  private final Executor pool;
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();

  SerialExecutor(Executor pool) {
    this.pool = pool;
  }

  @Override
  public void execute(Runnable task) {
    tasks.add(task);
    if (queued.getAndIncrement() == 0) {
      pool.execute(this::drain);
    }
  }

  /** Tasks queued or running. */
  int pending() {
    return queued.get();
  }

  /** Nothing queued or running: a reply made now cannot overtake an earlier task's. */
  boolean idle() {
    return queued.get() == 0;
  }

  private void drain() {
    do {
      Runnable task = tasks.poll();
      try {
        task.run();
      } catch (RuntimeException e) {
        LOG.warn("socket task failed: {}", e.toString());
      }
    } while (queued.decrementAndGet() != 0);
  }
}
