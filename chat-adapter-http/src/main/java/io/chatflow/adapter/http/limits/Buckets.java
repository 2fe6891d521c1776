package io.chatflow.adapter.http.limits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;

/**
 * One token bucket per key, kept as the instant the bucket is full again (GCRA). Taking a
 * permit is one {@code compute} on Caffeine's map, so concurrent takes on one key are counted
 * one at a time and a burst can never pass more than the rate allows. A bucket that is full
 * again is forgotten; the number of keys is bounded (the least used go first).
 */
final class Buckets {
  private static final int MAX_KEYS = 200_000;

  private final Rate rate;
  private final Clock clock;
  private final Cache<String, Long> fullAt;

  Buckets(Rate rate, Clock clock) {
    this.rate = rate;
    this.clock = clock;
    this.fullAt = Caffeine.newBuilder().maximumSize(MAX_KEYS).expireAfterWrite(rate.per()).build();
  }

  /** Takes one permit for {@code key}: ZERO when taken, else how long until one is free (nothing taken). */
  Duration take(String key) {
    if (rate.off()) {
      return Duration.ZERO;
    }
    long now = clock.millis();
    long interval = Math.max(1, rate.interval().toMillis());
    long burst = rate.per().toMillis();
    long[] wait = new long[1];
    fullAt.asMap().compute(key, (k, full) -> {
      long base = full == null || full < now ? now : full;
      long next = base + interval;
      if (next - now > burst) {
        wait[0] = next - now - burst;
        return full;
      }
      return next;
    });
    return Duration.ofMillis(wait[0]);
  }

  /** Gives back one permit taken for {@code key} (the write it was for did not count). */
  void giveBack(String key) {
    if (rate.off()) {
      return;
    }
    long interval = Math.max(1, rate.interval().toMillis());
    fullAt.asMap().computeIfPresent(key, (k, full) -> full - interval);
  }
}
