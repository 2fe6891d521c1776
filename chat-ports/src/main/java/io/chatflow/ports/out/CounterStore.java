package io.chatflow.ports.out;

import io.chatflow.ports.in.Counters.Count;
import java.time.Duration;
import java.time.Instant;

/**
 * Counts in fixed windows, for limits: in-process, or kept with the data for a store several
 * processes share, so that a limit holds across all of them (failed logins counted on any node).
 */
public interface CounterStore {
  /**
   * Adds {@code delta} to {@code key}'s count in the window under way, or, when none is (never
   * counted, or its window ended by {@code now}), starts one of {@code window} at {@code now}
   * with it. Never below zero. One atomic step per key: parallel adds all count.
   */
  Count add(String key, long delta, Duration window, Instant now);
}
