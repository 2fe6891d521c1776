package io.chatflow.adapter.http.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatflow.domain.RateLimitedException;
import io.chatflow.kit.MutableClock;
import io.chatflow.ports.in.Counters;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** An address found past its limit is refused by this node without asking the shared counters again. */
class LoginLimiterTest {
  private static final Duration WINDOW = Duration.ofMinutes(5);
  private final MutableClock clock = new MutableClock();
  private final AtomicInteger adds = new AtomicInteger();
  private final Map<String, Long> counts = new HashMap<>();
  private final Counters counters = new Counters() {
    @Override
    public Count add(String key, long delta, Duration window) {
      adds.incrementAndGet();
      return new Count(counts.merge(key, delta, Long::sum), clock.instant().plus(window));
    }

    @Override
    public Duration take(String key, Duration interval, Duration burst) {
      throw new UnsupportedOperationException("logins count, they take no permits");
    }

    @Override
    public void giveBack(String key, Duration interval) {
      throw new UnsupportedOperationException("logins count, they take no permits");
    }
  };
  private final LoginLimiter limiter = new LoginLimiter(new LoginRules() {
    @Override
    public int loginFailuresPerUsername() {
      return 10;
    }

    @Override
    public int loginFailuresPerAddress() {
      return 2;
    }

    @Override
    public Duration loginWindow() {
      return WINDOW;
    }
  }, counters, clock);

  @Test
  void aRefusedAddressIsRefusedLocallyUntilItsWindowEnds() {
    limiter.begin("kim", "a");
    limiter.begin("kim", "a");
    assertThatThrownBy(() -> limiter.begin("kim", "a")).isInstanceOf(RateLimitedException.class);
    int asked = adds.get();

    assertThatThrownBy(() -> limiter.begin("kim", "a")).isInstanceOf(RateLimitedException.class);
    assertThat(adds.get()).as("no count taken for a refusal known here").isEqualTo(asked);

    clock.advance(WINDOW);
    counts.clear(); // the window ended in the shared counters too
    limiter.begin("kim", "a");
    assertThat(adds.get()).isGreaterThan(asked);
  }
}
