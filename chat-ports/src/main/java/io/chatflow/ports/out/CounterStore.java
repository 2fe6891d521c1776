package io.chatflow.ports.out;

import io.chatflow.ports.in.Counters.Count;
import java.time.Duration;
import java.time.Instant;

/**
 * Counts in fixed windows and token buckets, for limits: in-process, or kept with the data for
 * a store several processes share, so that a limit holds across all of them (failed logins and
 * writes counted on any node).
 */
public interface CounterStore {
  /**
   * Adds {@code delta} to {@code key}'s count in the window under way, or, when none is (never
   * counted, or its window ended by {@code now}), starts one of {@code window} at {@code now}
   * with it. Never below zero. One atomic step per key: parallel adds all count.
   */
  Count add(String key, long delta, Duration window, Instant now);

  /**
   * Takes one permit from {@code key}'s bucket at {@code now}, as GCRA: the bucket is kept as
   * the instant it is full again, which a take moves {@code interval} later (from {@code now}
   * when that instant has passed), unless that would put it more than {@code burst} after
   * {@code now}: then nothing changes and the answer is how much more than {@code burst} it
   * would be. ZERO when taken. One atomic step per key; a bucket full again may be forgotten.
   * The buckets' keys are apart from the counts' keys.
   */
  Duration take(String key, Duration interval, Duration burst, Instant now);

  /** Moves {@code key}'s full-again instant {@code interval} earlier, if it has a bucket. */
  void giveBack(String key, Duration interval);
}
