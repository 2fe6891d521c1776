package io.chatflow.service;

import io.chatflow.ports.in.EventData;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.LongSupplier;

/**
 * The data of recent events that is the same for every recipient (a message, a member), by
 * position, for a few seconds: when a cluster node's feeds each read an event from the log,
 * one of them looks it up and the others share that object (so the transports also render it
 * once). An event is only ever at one position, so an entry is never wrong, at most a few
 * seconds older than the store (an edit since then arrives as its own event). Each put clears
 * a few aged-out entries behind it, oldest first, so a slow log does not keep a ring of stale
 * messages on the heap until their slots come round again.
 */
final class RecentEventData {
  private static final int SLOTS = 8192;
  private static final int SWEEP_STEPS = 16;
  private static final long KEEP_NANOS = 5_000_000_000L;

  private record Entry(long position, EventData data, long at) {}

  private final AtomicReferenceArray<Entry> slots = new AtomicReferenceArray<>(SLOTS);
  // positions below this hold no aged-out entry
  private final AtomicLong swept = new AtomicLong();
  private final LongSupplier nanos;

  RecentEventData() {
    this(System::nanoTime);
  }

  RecentEventData(LongSupplier nanos) {
    this.nanos = nanos;
  }

  /** The data kept for {@code position}, or null. */
  EventData get(long position) {
    Entry e = slots.get(slot(position));
    return e != null && e.position() == position && nanos.getAsLong() - e.at() < KEEP_NANOS ? e.data() : null;
  }

  void put(long position, EventData data) {
    long now = nanos.getAsLong();
    slots.set(slot(position), new Entry(position, data, now));
    dropAgedOut(position, now);
  }

  private void dropAgedOut(long newest, long now) {
    for (int i = 0; i < SWEEP_STEPS; i++) {
      long p = swept.get();
      if (p >= newest) {
        return;
      }
      if (p < newest - SLOTS) { // older than the ring: those slots hold newer positions
        swept.compareAndSet(p, newest - SLOTS);
        continue;
      }
      int s = slot(p);
      Entry e = slots.get(s);
      if (e != null && e.position() == p) {
        if (now - e.at() < KEEP_NANOS) {
          return; // the entries after it are younger still
        }
        slots.compareAndSet(s, e, null);
      }
      swept.compareAndSet(p, p + 1);
    }
  }

  private static int slot(long position) {
    return (int) (position & (SLOTS - 1));
  }

  /** How many entries are held (for tests). */
  int held() {
    int n = 0;
    for (int i = 0; i < SLOTS; i++) {
      n += slots.get(i) == null ? 0 : 1;
    }
    return n;
  }
}
