package io.chatflow.adapter.http.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatflow.domain.user.UserId;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The per-user limit counts the user's connections on the other nodes of a cluster. */
class StreamLimitsTest {
  private static final UserId BOB = new UserId("bob");
  private final AtomicInteger bobsElsewhere = new AtomicInteger();
  private final StreamLimits limits = new StreamLimits(2, 3, user -> user.equals(BOB) ? bobsElsewhere.get() : 0);

  @Test
  void aUsersStreamsOnOtherNodesCountAgainstTheirLimitHere() {
    bobsElsewhere.set(1);
    StreamLimits.Permit first = limits.acquire(BOB);

    assertThatThrownBy(() -> limits.acquire(BOB)).isInstanceOfSatisfying(StreamLimits.Full.class,
        full -> assertThat(full.refusal).isEqualTo(StreamLimits.Refusal.PER_USER));
    assertThatThrownBy(() -> limits.check(BOB)).isInstanceOf(StreamLimits.Full.class);
    assertThat(limits.open()).as("a refusal holds no slot").isEqualTo(1);

    bobsElsewhere.set(0);
    limits.check(BOB);
    limits.acquire(BOB);
    first.release();
    assertThat(limits.open()).isEqualTo(1);
  }
}
