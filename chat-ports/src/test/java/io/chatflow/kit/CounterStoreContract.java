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
}
