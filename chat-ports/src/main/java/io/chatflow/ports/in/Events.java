package io.chatflow.ports.in;

import io.chatflow.domain.event.EventCursor;
import io.chatflow.domain.user.UserId;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * A user's one event feed across all their conversations. A cursor older than the
 * retained history (or not from this feed) is GoneException: resync from the lists.
 */
public interface Events {
  /** The cursor of "now": reading after it yields only what happens from here on. */
  EventCursor head(UserId user);

  /** Up to {@code limit} events after the cursor, at once. */
  EventBatch read(UserId user, EventCursor after, int limit);

  /** Like {@link #read}, but waits up to {@code wait} for a first event when there is none. Blocks. */
  EventBatch await(UserId user, EventCursor after, int limit, Duration wait);

  /**
   * Delivers every event after {@code after}, each exactly once and in order, first
   * the stored ones and then live ones as they happen, until closed. The listener
   * runs on a thread of the subscription's and must not block for long. A listener that
   * throws ends its subscription (logged): {@link Subscription#isOpen} tells, and a new
   * subscription from the last cursor the listener took goes on without loss.
   */
  Subscription subscribe(UserId user, EventCursor after, Consumer<DeliveredEvent> listener);

  /**
   * Like {@link #subscribe}, for a listener that finishes each event later, such as an
   * asynchronous write. Until it calls {@code done}, the event counts as not yet
   * delivered, and posts slow down when too many are (see CoreSettings.deliveryBacklog).
   */
  Subscription subscribeAsync(UserId user, EventCursor after, AsyncListener listener);

  /**
   * Like {@link #subscribeAsync(UserId, EventCursor, AsyncListener)}, for a listener that
   * never blocks: live events are handed to it on {@code handOff} (an executor of the
   * caller's, which may run the listener with no further hand-off), and whatever must read
   * the store first (the replay from the cursor, an event each recipient sees their own way)
   * is read on the core's own threads, so nothing blocking ever runs on {@code handOff}. One
   * task on it may hand over several events: all that were waiting.
   */
  Subscription subscribeAsync(UserId user, EventCursor after, AsyncListener listener, Executor handOff);

  /** Takes each event and calls {@code done} exactly once when it is through with it, from any thread. */
  @FunctionalInterface
  interface AsyncListener {
    void accept(DeliveredEvent event, Runnable done);
  }

  /** An open subscription; closing it twice does nothing. */
  interface Subscription extends AutoCloseable {
    @Override
    void close();

    /** False once closed: by {@link #close}, by its listener throwing, or by the core closing. */
    boolean isOpen();
  }
}
