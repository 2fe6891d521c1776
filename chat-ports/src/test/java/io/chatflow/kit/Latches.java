package io.chatflow.kit;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Waiting on a gate from inside code that cannot throw, such as a store call a test holds. */
public final class Latches {
  private Latches() {}

  /** Waits up to 10 s for the latch; an interrupt ends the wait and stays set. */
  public static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
