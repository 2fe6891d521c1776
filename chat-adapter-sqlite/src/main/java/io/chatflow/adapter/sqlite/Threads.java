package io.chatflow.adapter.sqlite;

import java.util.List;

/** Waiting for the store's own threads to end when it closes. */
final class Threads {
  private Threads() {}

  /** Waits until every one of {@code threads} has ended; an interrupt meanwhile is kept for after. */
  static void joinAll(List<Thread> threads) {
    boolean interrupted = false;
    for (Thread thread : threads) {
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
}
