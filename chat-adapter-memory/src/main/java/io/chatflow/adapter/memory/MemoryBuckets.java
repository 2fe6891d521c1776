package io.chatflow.adapter.memory;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Duration;
import java.time.Instant;

/**
 * Token buckets in this process, each one long: the instant (in nanoseconds) it is full again
 * (GCRA). A take is one {@code compute} on Caffeine's map, so parallel takes on one key are
 * counted one at a time. Bounded: past the bound the least used keys go; a bucket is dropped
 * once it has been full again for as long as its last take put it ahead (Caffeine's own time:
 * the expiry only bounds memory, the stored instant decides).
 */
final class MemoryBuckets {
  static final int MAX_KEYS = 500_000;

  private record Bucket(long fullAt, long aheadFor) {}

  private final Cache<String, Bucket> buckets;

  MemoryBuckets(int maxKeys) {
    this.buckets = Caffeine.newBuilder()
        .maximumSize(maxKeys)
        .expireAfter(Expiry.<String, Bucket>writing((key, bucket) -> Duration.ofNanos(bucket.aheadFor())))
        .build();
  }

  Duration take(String key, Duration interval, Duration burst, Instant now) {
    long at = nanos(now);
    long step = Math.max(1, interval.toNanos());
    long tolerance = burst.toNanos();
    long[] wait = new long[1];
    buckets.asMap().compute(key, (k, old) -> {
      long base = old == null || old.fullAt() < at ? at : old.fullAt();
      long next = base + step;
      if (next - at > tolerance) {
        wait[0] = next - at - tolerance;
        return old;
      }
      return new Bucket(next, next - at);
    });
    return Duration.ofNanos(wait[0]);
  }

  void giveBack(String key, Duration interval) {
    long step = Math.max(1, interval.toNanos());
    buckets.asMap().computeIfPresent(key, (k, old) -> new Bucket(old.fullAt() - step, old.aheadFor()));
  }

  long size() {
    buckets.cleanUp();
    return buckets.estimatedSize();
  }

  private static long nanos(Instant at) {
    return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000_000L), at.getNano());
  }
}
