package io.chatflow.ports.in;

import java.time.Duration;
import java.time.Instant;

/**
 * What limits are kept with: counts in fixed windows (failed logins per address and per
 * username) and token buckets (write rates per user and per address). Shared by every node of
 * a cluster, so a limit is one limit however requests spread.
 */
public interface Counters {
  /** A key's count in its window under way, and when that window ends. */
  record Count(long value, Instant windowEnds) {}

  /**
   * Adds {@code delta} (negative: gives back) to {@code key}'s count, starting a window of
   * {@code window} now when none is under way; atomic per key.
   */
  Count add(String key, long delta, Duration window);

  /**
   * Takes one permit from {@code key}'s token bucket, which holds {@code burst / interval}
   * permits and gets one back every {@code interval}: ZERO when taken, else how long until one
   * is free (nothing taken). Atomic per key: parallel takes pass exactly what the bucket holds.
   */
  Duration take(String key, Duration interval, Duration burst);

  /** Gives back one permit taken from {@code key}'s bucket (the write it was for did not count). */
  void giveBack(String key, Duration interval);
}
