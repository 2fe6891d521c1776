package io.chatflow.adapter.sqlite;

import java.util.ArrayList;
import java.util.List;

/** How to undo the writer's in-memory changes since a savepoint, newest first (writer thread only). */
final class UndoLog {
  private final List<Runnable> steps = new ArrayList<>();

  void add(Runnable step) {
    steps.add(step);
  }

  /** A point to roll back to, taken with each savepoint. */
  int mark() {
    return steps.size();
  }

  /** Undoes every step logged since {@code mark}, newest first. */
  void rollbackTo(int mark) {
    for (int i = steps.size() - 1; i >= mark; i--) {
      steps.remove(i).run();
    }
  }

  /** Nothing is left to undo (committed, or forgotten as a whole). */
  void clear() {
    steps.clear();
  }
}
