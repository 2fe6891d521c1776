package io.chatflow.adapter.sqlite;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The completer thread of a group commit: runs the after-commit actions of committed batches
 * and releases their callers, batch after batch in commit order, while the writer runs the next.
 */
final class Completer {
  private final BlockingQueue<List<WriteJob<?>>> committed = new LinkedBlockingQueue<>();
  private final List<WriteJob<?>> stop = List.of();
  private final AtomicInteger handedOver = new AtomicInteger();
  private final Thread thread;

  Completer() {
    this.thread = new Thread(this::run, "chatflow-sqlite-completer");
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  boolean isCurrentThread() {
    return Thread.currentThread() == thread;
  }

  /** Whether every batch handed over is complete: then a batch completed elsewhere keeps the commit order. */
  boolean idle() {
    return handedOver.get() == 0;
  }

  /** Completes {@code batch} after every batch handed over before it. */
  void handOver(List<WriteJob<?>> batch) {
    handedOver.incrementAndGet();
    committed.add(batch);
  }

  /** Stops the thread once the batches handed over are complete (the writer's last call). */
  void stop() {
    committed.add(stop);
  }

  Thread thread() {
    return thread;
  }

  private void run() {
    while (true) {
      List<WriteJob<?>> batch;
      try {
        batch = committed.take();
      } catch (InterruptedException e) {
        continue; // only the writer stops the completer, once every batch is done
      }
      if (batch == stop) {
        return;
      }
      for (WriteJob<?> job : batch) {
        job.complete();
      }
      handedOver.decrementAndGet();
    }
  }
}
