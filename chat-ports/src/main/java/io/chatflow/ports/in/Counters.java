package io.chatflow.ports.in;

import java.time.Duration;
import java.time.Instant;

/**
 * Counts in fixed windows that limits are kept with (failed logins per address and per
 * username): shared by every node of a cluster, so a limit is one limit however requests spread.
 */
public interface Counters {
  /** A key's count in its window under way, and when that window ends. */
  record Count(long value, Instant windowEnds) {}

  /**
   * Adds {@code delta} (negative: gives back) to {@code key}'s count, starting a window of
   * {@code window} now when none is under way; atomic per key.
   */
  Count add(String key, long delta, Duration window);
}
