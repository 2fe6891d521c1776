package io.chatflow.adapter.http.live;

import io.chatflow.adapter.http.limits.Rate;

/**
 * The token bucket of one socket's incoming frames. Frames of a socket are read on its one
 * I/O thread, so the bucket needs no lock; it keeps the instant it is full again.
 */
final class FrameRate {
  private final long interval;
  private final long burst;
  private final boolean off;
  private long fullAt = System.nanoTime();

  FrameRate(Rate rate) {
    this.off = rate.off();
    this.interval = Math.max(1, rate.per().toNanos() / rate.permits());
    this.burst = rate.per().toNanos();
  }

  boolean admit() {
    if (off) {
      return true;
    }
    long now = System.nanoTime();
    long next = Math.max(fullAt, now) + interval;
    if (next - now > burst) {
      return false;
    }
    fullAt = next;
    return true;
  }
}
