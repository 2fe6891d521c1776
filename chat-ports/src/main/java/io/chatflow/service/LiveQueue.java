package io.chatflow.service;

import io.chatflow.ports.out.Delivery;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A feed's live deliveries waiting for its drain, {@code capacity} at most. Past it the queue
 * overflows and takes nothing more until the drain clears it: a later event delivered first
 * would move the cursor past the dropped ones, which the drain replays from the log instead.
 */
final class LiveQueue {
  private final Queue<Delivery> live = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final int capacity;
  private volatile boolean overflowed;

  LiveQueue(int capacity) {
    this.capacity = capacity;
  }

  /** Queues {@code delivery} (running {@code counted} first), or drops it: full, or overflowed already. */
  void offer(Delivery delivery, Runnable counted) {
    if (overflowed) {
      return;
    }
    if (queued.incrementAndGet() > capacity) {
      queued.decrementAndGet();
      overflowed = true;
      return;
    }
    counted.run();
    live.add(delivery);
  }

  boolean overflowed() {
    return overflowed;
  }

  /** Ends an overflow; true when there was one. */
  boolean clearOverflow() {
    if (!overflowed) {
      return false;
    }
    overflowed = false;
    return true;
  }

  Delivery peek() {
    return live.peek();
  }

  Delivery poll() {
    Delivery d = live.poll();
    if (d != null) {
      queued.decrementAndGet();
    }
    return d;
  }
}
