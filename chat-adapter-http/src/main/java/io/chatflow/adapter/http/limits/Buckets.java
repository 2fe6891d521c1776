package io.chatflow.adapter.http.limits;

import io.chatflow.ports.in.Counters;
import java.time.Duration;

/**
 * One token bucket per key at one rate, kept in the core's counters (GCRA: the instant each
 * bucket is full again): in this process on SQLite and memory, in the database on PostgreSQL,
 * so that one limit holds across a cluster's nodes. A rate that is off asks nothing.
 */
final class Buckets {
  private final Rate rate;
  private final Counters counters;
  private final String prefix;

  /** {@code prefix} keeps these buckets' keys apart from every other rate's ("post:user:"). */
  Buckets(Rate rate, Counters counters, String prefix) {
    this.rate = rate;
    this.counters = counters;
    this.prefix = prefix;
  }

  /** Takes one permit for {@code key}: ZERO when taken, else how long until one is free (nothing taken). */
  Duration take(String key) {
    if (rate.off()) {
      return Duration.ZERO;
    }
    return counters.take(prefix + key, rate.interval(), rate.per());
  }

  /** Gives back one permit taken for {@code key} (the write it was for did not count). */
  void giveBack(String key) {
    if (!rate.off()) {
      counters.giveBack(prefix + key, rate.interval());
    }
  }
}
