package io.chatflow.ports.out;

import java.util.function.Supplier;

/** Runs use-case work atomically against the stores. */
public interface Transactions {
  /**
   * Runs {@code work} in one write transaction and commits it before returning. If
   * {@code work} throws, nothing it wrote remains and the exception reaches the caller.
   * A store may roll {@code work} back and run it again before it commits (a group commit
   * does when another write of its batch fails), so {@code work} acts only through the
   * stores and {@link #afterCommit}.
   */
  <T> T write(Supplier<T> work);

  /**
   * {@link #write(Supplier)}, with a hint of what {@code work} reads first. A store may use it
   * to fetch that for many writes in one go; by default the hint is ignored.
   */
  default <T> T write(WriteHint hint, Supplier<T> work) {
    return write(work);
  }

  /** Runs {@code work} against one consistent view of the committed state. */
  <T> T read(Supplier<T> work);

  /**
   * Within {@link #write}: runs {@code action} once the write has committed, in commit
   * order across all writes, and not at all if it rolls back. Actions must not block.
   */
  void afterCommit(Runnable action);
}
