package io.chatflow.adapter.sqlite;

import java.util.function.LongSupplier;

/**
 * The writer's count of event positions: one past the last, so an event (or a new message row,
 * its message.created event) needs no result set read back. The last one is read from the file
 * only when not known yet; a rollback gives numbers back.
 */
final class EventPositions {
  private static final long UNKNOWN = -1;

  private final UndoLog undo;
  private long last = UNKNOWN;

  EventPositions(UndoLog undo) {
    this.undo = undo;
  }

  /** The position for the next event; {@code lastInFile} reads the highest one ever used. */
  long next(LongSupplier lastInFile) {
    if (last == UNKNOWN) {
      last = lastInFile.getAsLong();
    }
    long before = last;
    last = before + 1;
    undo.add(() -> last = before);
    return last;
  }

  /** Reads the last position from the file again at the next event. */
  void forget() {
    last = UNKNOWN;
  }
}
