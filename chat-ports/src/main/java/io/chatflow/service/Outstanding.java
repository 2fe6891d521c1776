package io.chatflow.service;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The events of one feed that count towards the shared {@link DeliveryBacklog}: queued, or in
 * the listener's hands, until the listener is done with them.
 */
final class Outstanding {
  private final AtomicInteger count = new AtomicInteger();
  private final DeliveryBacklog shared;

  Outstanding(DeliveryBacklog shared) {
    this.shared = shared;
  }

  /** One more event counts. */
  void add() {
    shared.grew(count.incrementAndGet());
  }

  /** One event is through; after {@link #dropAll} there is nothing left to count. */
  void done() {
    int now;
    do {
      now = count.get();
      if (now == 0) {
        return;
      }
    } while (!count.compareAndSet(now, now - 1));
    shared.shrank(now);
  }

  /** The feed ended: nothing it held counts any more. */
  void dropAll() {
    shared.dropped(count.getAndSet(0));
  }
}
