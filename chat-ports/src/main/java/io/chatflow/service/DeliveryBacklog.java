package io.chatflow.service;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
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

  private static final CompletableFuture<Void> ROOM = CompletableFuture.completedFuture(null);

  private final int limit;
  private final long maxWaitNanos;
  private final AtomicInteger count = new AtomicInteger();
  private final Set<CompletableFuture<Void>> waiting = ConcurrentHashMap.newKeySet();

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
    if (n > 0 && count.addAndGet(-n) <= limit && !waiting.isEmpty()) {
      release();
    }
  }

  private void release() {
    for (CompletableFuture<Void> room : waiting) {
      waiting.remove(room);
      room.complete(null);
    }
  }

  int size() {
    return count.get();
  }

  /**
   * Completes once the backlog is within its limit, or the longest wait has passed; at once
   * when it is within it now. Holds no thread while it waits.
   */
  CompletionStage<Void> room() {
    if (count.get() <= limit) {
      return ROOM;
    }
    CompletableFuture<Void> room = new CompletableFuture<>();
    waiting.add(room);
    room.completeOnTimeout(null, maxWaitNanos, TimeUnit.NANOSECONDS).whenComplete((v, e) -> waiting.remove(room));
    if (count.get() <= limit) {
      release(); // it shrank before this wait was seen
    }
    return room;
  }
}
