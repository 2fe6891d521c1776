package io.chatflow.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DeliveryBacklogTest {
  @Test
  void eachFeedCountsAtMostFourOfItsUndeliveredEvents() {
    DeliveryBacklog backlog = new DeliveryBacklog(100, Duration.ofSeconds(1));
    for (int now = 1; now <= 6; now++) {
      backlog.grew(now);
    }
    assertThat(backlog.size()).isEqualTo(4);
    backlog.shrank(6);
    backlog.shrank(5);
    assertThat(backlog.size()).as("six down to four: still four counted").isEqualTo(4);
    backlog.shrank(4);
    assertThat(backlog.size()).isEqualTo(3);
    backlog.dropped(3);
    assertThat(backlog.size()).isZero();
  }

  @Test
  void aWaitOverTheLimitEndsWhenTheBacklogShrinksBackToIt() {
    DeliveryBacklog backlog = new DeliveryBacklog(1, Duration.ofSeconds(30));
    backlog.grew(1);
    backlog.grew(2);
    CompletableFuture<Void> room = backlog.room().toCompletableFuture();
    assertThat(room).as("waiting while two are outstanding").isNotDone();
    backlog.shrank(2);
    assertThat(room).as("room when back at the limit").isDone();
    assertThat(backlog.room().toCompletableFuture()).as("no wait within the limit").isDone();
  }

  @Test
  void aBlockingWaitEndsWhenTheBacklogShrinks() throws Exception {
    DeliveryBacklog backlog = new DeliveryBacklog(1, Duration.ofSeconds(30));
    backlog.grew(1);
    backlog.grew(2);
    Thread poster = new Thread(() -> backlog.room().toCompletableFuture().join());
    poster.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (poster.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(poster.getState()).as("waiting while two are outstanding").isEqualTo(Thread.State.WAITING);
    backlog.shrank(2);
    poster.join(TimeUnit.SECONDS.toMillis(10));
    assertThat(poster.isAlive()).as("woken when back at the limit").isFalse();
  }

  @Test
  void aWaitNeverOutlastsItsBound() throws Exception {
    DeliveryBacklog backlog = new DeliveryBacklog(1, Duration.ofMillis(50));
    backlog.grew(1);
    backlog.grew(2);
    long start = System.nanoTime();
    backlog.room().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
    backlog.room().toCompletableFuture().join();
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(100));
  }
}
