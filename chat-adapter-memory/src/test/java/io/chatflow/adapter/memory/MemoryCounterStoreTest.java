package io.chatflow.adapter.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatflow.kit.CounterStoreContract;
import io.chatflow.kit.Stores;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MemoryCounterStoreTest extends CounterStoreContract {
  @Override
  protected Stores newStores() {
    return MemoryKit.stores();
  }

  @Test
  void endedWindowsAreDroppedAndAFloodOfKeysIsBounded() {
    MemoryCounters counters = new MemoryCounters();
    Instant now = Instant.parse("2026-12-07T10:00:00Z");
    for (int i = 0; i < 1000; i++) {
      counters.add("old-" + i, 1, Duration.ofMinutes(1), now);
    }
    counters.add("new", 1, Duration.ofMinutes(1), now.plusSeconds(60));
    assertThat(counters.size()).isEqualTo(1);

    for (int i = 0; i < MemoryCounters.MAX_KEYS + 10; i++) {
      counters.add("flood-" + i, 1, Duration.ofMinutes(1), now.plusSeconds(61));
    }
    assertThat(counters.size()).isEqualTo(MemoryCounters.MAX_KEYS);
  }

  @Test
  void aFloodOfBucketKeysIsBounded() {
    MemoryCounters counters = new MemoryCounters(100);
    Instant now = Instant.parse("2026-12-07T10:00:00Z");
    for (int i = 0; i < 1000; i++) {
      counters.take("flood-" + i, Duration.ofSeconds(1), Duration.ofMinutes(1), now);
    }
    assertThat(counters.buckets()).isLessThanOrEqualTo(100);
  }
}
