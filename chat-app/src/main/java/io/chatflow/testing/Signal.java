package io.chatflow.testing;

/** A counter that moves on every published event, so awaiting threads wake instead of polling. */
final class Signal {
  private long version;

  synchronized long version() {
    return version;
  }

  synchronized void fire() {
    version++;
    notifyAll();
  }

  /** Waits until the version differs from {@code seen} or {@code nanos} pass. */
  synchronized void awaitChange(long seen, long nanos) throws InterruptedException {
    long deadline = System.nanoTime() + nanos;
    while (version == seen) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return;
      }
      long millis = Math.max(1, left / 1_000_000);
      wait(millis);
    }
  }
}
