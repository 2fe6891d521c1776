package io.chatflow.adapter.memory;

import io.chatflow.ports.in.Counters.Count;
import io.chatflow.ports.out.CounterStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counters and token buckets in this process. Bounded: windows are kept in the order they
 * began, so each add drops the ended windows at the head, and past {@link #MAX_KEYS} the oldest
 * window goes (a flood of new keys forgets old counts rather than the memory running out); the
 * buckets are bounded by {@link MemoryBuckets}.
 */
public final class MemoryCounters implements CounterStore {
  static final int MAX_KEYS = 100_000;
  private final Map<String, Count> counts = new LinkedHashMap<>();
  private final MemoryBuckets buckets;

  public MemoryCounters() {
    this(MemoryBuckets.MAX_KEYS);
  }

  MemoryCounters(int maxBuckets) {
    this.buckets = new MemoryBuckets(maxBuckets);
  }

  @Override
  public synchronized Count add(String key, long delta, Duration window, Instant now) {
    Count old = counts.get(key);
    Count counted;
    if (old == null || !now.isBefore(old.windowEnds())) {
      counts.remove(key); // a new window goes to the tail, in the order windows began
      counted = new Count(Math.max(0, delta), now.plus(window));
    } else {
      counted = new Count(Math.max(0, old.value() + delta), old.windowEnds());
    }
    counts.put(key, counted);
    dropEnded(now);
    return counted;
  }

  @Override
  public Duration take(String key, Duration interval, Duration burst, Instant now) {
    return buckets.take(key, interval, burst, now);
  }

  @Override
  public void giveBack(String key, Duration interval) {
    buckets.giveBack(key, interval);
  }

  long buckets() {
    return buckets.size();
  }

  synchronized int size() {
    return counts.size();
  }

  private void dropEnded(Instant now) {
    Iterator<Count> oldestFirst = counts.values().iterator();
    while (oldestFirst.hasNext()) {
      Count head = oldestFirst.next();
      if (counts.size() <= MAX_KEYS && now.isBefore(head.windowEnds())) {
        return;
      }
      oldestFirst.remove();
    }
  }
}
