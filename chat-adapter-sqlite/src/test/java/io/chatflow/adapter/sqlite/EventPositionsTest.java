package io.chatflow.adapter.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

class EventPositionsTest {
  private final UndoLog undo = new UndoLog();
  private final EventPositions positions = new EventPositions(undo);
  private final AtomicInteger reads = new AtomicInteger();
  private final LongSupplier lastInFile = () -> {
    reads.incrementAndGet();
    return 41;
  };

  @Test
  void positionsCountOnFromTheLastInTheFileReadOnce() {
    assertThat(positions.next(lastInFile)).isEqualTo(42);
    assertThat(positions.next(lastInFile)).isEqualTo(43);
    assertThat(reads).hasValue(1);
  }

  @Test
  void aRollbackGivesThePositionsTakenSinceItsMarkBack() {
    positions.next(lastInFile);
    int mark = undo.mark();
    positions.next(lastInFile);
    positions.next(lastInFile);
    undo.rollbackTo(mark);
    assertThat(positions.next(lastInFile)).isEqualTo(43);
  }

  @Test
  void forgottenPositionsAreReadFromTheFileAgain() {
    positions.next(lastInFile);
    positions.forget();
    assertThat(positions.next(lastInFile)).isEqualTo(42);
    assertThat(reads).hasValue(2);
  }
}
