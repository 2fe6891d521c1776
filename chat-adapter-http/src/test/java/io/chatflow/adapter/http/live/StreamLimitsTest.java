package io.chatflow.adapter.http.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatflow.domain.user.UserId;
import io.chatflow.ports.in.Presence;
import io.chatflow.ports.in.PresenceView;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The per-user limit counts the user's streams on the other nodes of a cluster, and tells presence of its own. */
class StreamLimitsTest {
  private static final UserId BOB = new UserId("bob");
  private final AtomicInteger elsewhere = new AtomicInteger();
  private final AtomicInteger toldOpen = new AtomicInteger();
  private final StreamLimits limits = new StreamLimits(2, 100, new Presence() {
    @Override
    public void touch(UserId user) {}

    @Override
    public void connected(UserId user) {}

    @Override
    public void disconnected(UserId user) {}

    @Override
    public PresenceView of(UserId user) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void streamOpened(UserId user) {
      toldOpen.incrementAndGet();
    }

    @Override
    public void streamClosed(UserId user) {
      toldOpen.decrementAndGet();
    }

    @Override
    public int streamsElsewhere(UserId user) {
      return elsewhere.get();
    }
  });

  @Test
  void aUsersStreamsOnOtherNodesCountAgainstTheirLimitHere() {
    elsewhere.set(1);
    StreamLimits.Permit first = limits.acquire(BOB);

    assertThatThrownBy(() -> limits.acquire(BOB)).isInstanceOfSatisfying(StreamLimits.Full.class,
        full -> assertThat(full.refusal).isEqualTo(StreamLimits.Refusal.PER_USER));
    assertThatThrownBy(() -> limits.check(BOB)).isInstanceOf(StreamLimits.Full.class);
    assertThat(limits.open()).as("a refusal holds no slot").isEqualTo(1);

    elsewhere.set(0);
    limits.check(BOB);
    limits.acquire(BOB);
    assertThat(toldOpen).as("streams told to presence").hasValue(2);
    first.release();
    first.release();
    assertThat(toldOpen).as("a release told once").hasValue(1);
    assertThat(limits.open()).isEqualTo(1);
  }
}
