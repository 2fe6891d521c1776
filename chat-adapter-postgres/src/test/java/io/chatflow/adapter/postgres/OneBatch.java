package io.chatflow.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Runs calls that each write once as one batch of a group commit, in the order given. */
final class OneBatch {
  private OneBatch() {}

  /** Holds the writer, queues the calls one after another, then lets it go on: one batch. */
  static <T> List<CompletableFuture<T>> of(PostgresTransactions transactions, List<Supplier<T>> calls) {
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Object> holder = CompletableFuture.supplyAsync(() -> transactions.write(() -> {
      holding.countDown();
      await(release);
      return null;
    }));
    await(holding);
    List<CompletableFuture<T>> queued = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    for (Supplier<T> call : calls) {
      queued.add(CompletableFuture.supplyAsync(call));
      // one at a time: the batch runs them in the order given
      while (transactions.queued() < queued.size() && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
    }
    assertThat(transactions.queued()).isEqualTo(calls.size());
    release.countDown();
    holder.join();
    return queued;
  }

  static void await(CountDownLatch latch) {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) {
        throw new AssertionError("timed out");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
