package io.chatflow.service;

import io.chatflow.ports.in.EventData;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The data of recent events that is the same for every recipient (a message, a member), by
 * position, for a few seconds: when a cluster node's feeds each read an event from the log,
 * one of them looks it up and the others share that object (so the transports also render it
 * once). An event is only ever at one position, so an entry is never wrong, at most a few
 * seconds older than the store (an edit since then arrives as its own event).
 */
final class RecentEventData {
  private static final int SLOTS = 8192;
  private static final long KEEP_NANOS = 5_000_000_000L;

  private record Entry(long position, EventData data, long at) {}

  private final AtomicReferenceArray<Entry> slots = new AtomicReferenceArray<>(SLOTS);

  /** The data kept for {@code position}, or null. */
  EventData get(long position) {
    Entry e = slots.get(slot(position));
    return e != null && e.position() == position && System.nanoTime() - e.at() < KEEP_NANOS ? e.data() : null;
  }

  void put(long position, EventData data) {
    slots.set(slot(position), new Entry(position, data, System.nanoTime()));
  }

  private static int slot(long position) {
    return (int) (position & (SLOTS - 1));
  }
}
