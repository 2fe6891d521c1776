package io.chatflow.kit;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatflow.ports.out.CounterStore;
import io.chatflow.ports.in.Counters.Count;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

public abstract class CounterStoreContract extends StoreTest {
  private static final Duration WINDOW = Duration.ofMinutes(15);
  private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
  /** A bucket of three permits, one back every second. */
  private static final Duration INTERVAL = Duration.ofSeconds(1);
  private static final Duration BURST = Duration.ofSeconds(3);

  private CounterStore counters() {
    return stores.counters();
  }

  @Test
  void addsCountInTheWindowTheFirstAddBegan() {
    assertThat(counters().add("a", 1, WINDOW, NOW)).isEqualTo(new Count(1, NOW.plus(WINDOW)));
    assertThat(counters().add("a", 1, WINDOW, NOW.plusSeconds(60))).isEqualTo(new Count(2, NOW.plus(WINDOW)));
    assertThat(counters().add("b", 1, WINDOW, NOW.plusSeconds(60)).value()).isEqualTo(1);
  }

  @Test
  void aCountGivenBackNeverGoesBelowZero() {
    counters().add("a", 1, WINDOW, NOW);
    assertThat(counters().add("a", -1, WINDOW, NOW).value()).isZero();
    assertThat(counters().add("a", -1, WINDOW, NOW).value()).isZero();
    assertThat(counters().add("never counted", -1, WINDOW, NOW).value()).isZero();
  }

  @Test
  void anAddAfterTheWindowEndedBeginsANewOne() {
    counters().add("a", 5, WINDOW, NOW);
    Instant later = NOW.plus(WINDOW);

    assertThat(counters().add("a", 1, WINDOW, later)).isEqualTo(new Count(1, later.plus(WINDOW)));
  }

  @Test
  void parallelAddsAllCount() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Count>> adds = IntStream.range(0, 200)
          .mapToObj(i -> pool.submit(() -> counters().add("a", 1, WINDOW, NOW))).toList();
      List<Long> values = new java.util.ArrayList<>();
      for (Future<Count> add : adds) {
        values.add(add.get().value());
      }
      assertThat(values).containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, 200).mapToObj(i -> (long) i).toList());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aBucketPassesItsBurstThenRefusesWithTheWaitUntilAPermitIsBack() {
    for (int i = 0; i < 3; i++) {
      assertThat(counters().take("a", INTERVAL, BURST, NOW)).as("take %d", i + 1).isZero();
    }
    assertThat(counters().take("a", INTERVAL, BURST, NOW)).isEqualTo(Duration.ofSeconds(1));
    assertThat(counters().take("a", INTERVAL, BURST, NOW.plusMillis(400))).isEqualTo(Duration.ofMillis(600));
    assertThat(counters().take("b", INTERVAL, BURST, NOW)).as("another key's bucket").isZero();
  }

  @Test
  void aBucketFillsAgainOnePermitPerIntervalUpToItsBurst() {
    for (int i = 0; i < 3; i++) {
      assertThat(counters().take("a", INTERVAL, BURST, clock.instant())).isZero();
    }
    assertThat(counters().take("a", INTERVAL, BURST, clock.instant())).isPositive();

    clock.advance(INTERVAL);
    assertThat(counters().take("a", INTERVAL, BURST, clock.instant())).as("one back").isZero();
    assertThat(counters().take("a", INTERVAL, BURST, clock.instant())).as("only one").isPositive();

    clock.advance(Duration.ofHours(1));
    for (int i = 0; i < 3; i++) {
      assertThat(counters().take("a", INTERVAL, BURST, clock.instant())).as("full again: take %d", i + 1).isZero();
    }
    assertThat(counters().take("a", INTERVAL, BURST, clock.instant())).as("never more than the burst").isPositive();
  }

  @Test
  void aPermitGivenBackCanBeTakenAgainButNeverPastTheBurst() {
    for (int i = 0; i < 3; i++) {
      counters().take("a", INTERVAL, BURST, NOW);
    }
    counters().giveBack("a", INTERVAL);
    assertThat(counters().take("a", INTERVAL, BURST, NOW)).isZero();
    assertThat(counters().take("a", INTERVAL, BURST, NOW)).isEqualTo(Duration.ofSeconds(1));

    counters().take("b", INTERVAL, BURST, NOW);
    counters().giveBack("b", INTERVAL);
    counters().giveBack("b", INTERVAL);
    counters().giveBack("never taken", INTERVAL);
    long taken = IntStream.range(0, 5).filter(i -> counters().take("b", INTERVAL, BURST, NOW).isZero()).count();
    assertThat(taken).isEqualTo(3);
  }

  @Test
  void parallelTakesOnOneKeyPassExactlyTheBurst() throws Exception {
    Duration burst = INTERVAL.multipliedBy(50);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Duration>> takes = IntStream.range(0, 200)
          .mapToObj(i -> pool.submit(() -> counters().take("a", INTERVAL, burst, NOW))).toList();
      int passed = 0;
      for (Future<Duration> take : takes) {
        passed += take.get().isZero() ? 1 : 0;
      }
      assertThat(passed).isEqualTo(50);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void bucketsAndCountsKeepTheirKeysApart() {
    counters().add("a", 5, WINDOW, NOW);
    assertThat(counters().take("a", INTERVAL, BURST, NOW)).isZero();
    assertThat(counters().add("a", 1, WINDOW, NOW).value()).isEqualTo(6);
  }
}
