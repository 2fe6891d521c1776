package io.chatflow.adapter.memory;

import io.chatflow.ports.out.Transactions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * One writer at a time, readers beside each other. A write keeps an undo log: when
 * its work throws, every change it made is undone before the lock is released.
 * After-commit actions run before the lock is released, so they run in commit order.
 */
public final class MemoryTransactions implements Transactions {
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final ThreadLocal<Write> current = new ThreadLocal<>();
  private volatile boolean closed;

  @Override
  public <T> T write(Supplier<T> work) {
    if (current.get() != null) {
      return work.get();
    }
    requireOpen();
    lock.writeLock().lock();
    Write write = new Write();
    current.set(write);
    try {
      T result;
      try {
        result = work.get();
      } catch (RuntimeException | Error e) {
        write.rollBack();
        throw e;
      }
      current.remove();
      write.afterCommit.forEach(Runnable::run);
      return result;
    } finally {
      current.remove();
      lock.writeLock().unlock();
    }
  }

  @Override
  public <T> T read(Supplier<T> work) {
    requireOpen();
    lock.readLock().lock();
    try {
      return work.get();
    } finally {
      lock.readLock().unlock();
    }
  }

  /** From now on every read and write fails, as they do on a closed SQLite store. */
  void close() {
    closed = true;
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("the in-memory store is closed");
    }
  }

  @Override
  public void afterCommit(Runnable action) {
    requireWrite().afterCommit.add(action);
  }

  /** Registers how to undo a change the current write is about to make. */
  void onRollback(Runnable undo) {
    requireWrite().undo.push(undo);
  }

  private Write requireWrite() {
    Write write = current.get();
    if (write == null) {
      throw new IllegalStateException("store writes run inside Transactions.write");
    }
    return write;
  }

  private static final class Write {
    final Deque<Runnable> undo = new ArrayDeque<>();
    final List<Runnable> afterCommit = new ArrayList<>();

    void rollBack() {
      while (!undo.isEmpty()) {
        undo.pop().run();
      }
    }
  }
}
