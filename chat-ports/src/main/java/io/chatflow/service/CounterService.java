package io.chatflow.service;

import io.chatflow.ports.in.Counters;
import io.chatflow.ports.out.CounterStore;
import java.time.Clock;
import java.time.Duration;

/** Counts and buckets on the store's, by the core's clock. */
final class CounterService implements Counters {
  private final CounterStore store;
  private final Clock clock;

  CounterService(CounterStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  @Override
  public Count add(String key, long delta, Duration window) {
    return store.add(key, delta, window, clock.instant());
  }

  @Override
  public Duration take(String key, Duration interval, Duration burst) {
    return store.take(key, interval, burst, clock.instant());
  }

  @Override
  public void giveBack(String key, Duration interval) {
    store.giveBack(key, interval);
  }
}
