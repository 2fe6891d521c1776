package io.chatflow.service;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Live deliveries queued or still being written to their subscribers, over all feeds. When
 * posts arrive faster than the fan-out can deliver them, each post waits (bounded) until
 * the backlog is back under its limit: posters slow down instead of every reader's delivery
 * latency growing without end. Each feed counts at most {@link #PER_FEED} of its queue, so
 * a few stalled subscribers cannot hold posting back; they fall behind on their own.
 */
final class DeliveryBacklog {
  static final int PER_FEED = 4;

  private final int limit;
  private final long maxWaitNanos;
  private final AtomicInteger count = new AtomicInteger();
  private final Object lock = new Object();
  private volatile int waiting;

  DeliveryBacklog(int limit, Duration maxWait) {
    this.limit = limit;
    this.maxWaitNanos = maxWait.toNanos();
  }

  /** A feed's count of undelivered events rose by one, to {@code now}. */
  void grew(int now) {
    if (now <= PER_FEED) {
      count.incrementAndGet();
    }
  }

  /** A feed's count fell by one from {@code before}. */
  void shrank(int before) {
    if (before <= PER_FEED) {
      less(1);
    }
  }

  /** A feed's count fell to zero from {@code before}. */
  void dropped(int before) {
    less(Math.min(before, PER_FEED));
  }

  private void less(int n) {
    if (n > 0 && count.addAndGet(-n) <= limit && waiting > 0) {
      synchronized (lock) {
        lock.notifyAll();
      }
    }
  }

  int size() {
    return count.get();
  }

  /** Returns once the backlog is within its limit, or the longest wait has passed. */
  void awaitRoom() {
    if (count.get() <= limit) {
      return;
    }
    long deadline = System.nanoTime() + maxWaitNanos;
    synchronized (lock) {
      waiting++;
      try {
        long left;
        while (count.get() > limit && (left = deadline - System.nanoTime()) > 0) {
          TimeUnit.NANOSECONDS.timedWait(lock, left);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        waiting--;
      }
    }
  }
}
