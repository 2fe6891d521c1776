package io.chatflow.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.ports.in.ReadMarker;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RecentEventDataTest {
  private final AtomicLong nanos = new AtomicLong(1_000);
  private final RecentEventData recent = new RecentEventData(nanos::get);

  private static ReadMarker data(long position) {
    return new ReadMarker(new ConversationId("c"), position, 0);
  }

  @Test
  void anEntryIsSharedForAFewSecondsThenNoLonger() {
    recent.put(7, data(7));
    assertThat(recent.get(7)).isEqualTo(data(7));
    assertThat(recent.get(8)).isNull();
    nanos.addAndGet(TimeUnit.SECONDS.toNanos(6));
    assertThat(recent.get(7)).isNull();
  }

  @Test
  void agedOutEntriesAreDroppedAsNewOnesComeNotKeptUntilTheirSlotComesRound() {
    for (long p = 1; p <= 100; p++) {
      recent.put(p, data(p));
    }
    assertThat(recent.held()).isEqualTo(100); // all young: none dropped

    nanos.addAndGet(TimeUnit.SECONDS.toNanos(6));
    for (long p = 101; p <= 110; p++) {
      recent.put(p, data(p));
    }

    assertThat(recent.held()).isEqualTo(10);
    assertThat(recent.get(110)).isEqualTo(data(110));
  }

  @Test
  void positionsFarAheadSkipWhatTheRingNoLongerHolds() {
    recent.put(1, data(1));
    nanos.addAndGet(TimeUnit.SECONDS.toNanos(6));
    recent.put(1_000_000, data(1_000_000));
    recent.put(1_000_001, data(1_000_001));
    assertThat(recent.get(1_000_000)).isEqualTo(data(1_000_000));
    assertThat(recent.held()).isEqualTo(3); // position 1's slot is not the new ones' and is past the ring: overwritten later
  }
}
