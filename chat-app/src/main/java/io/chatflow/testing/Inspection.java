package io.chatflow.testing;

import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.event.EventCursor;
import io.chatflow.domain.message.Message;
import io.chatflow.domain.message.Reaction;
import io.chatflow.domain.user.UserId;
import io.chatflow.ports.in.DeliveredEvent;
import io.chatflow.ports.in.EventBatch;
import io.chatflow.ports.in.Events;
import io.chatflow.ports.out.StorePorts;
import io.chatflow.ports.out.Transactions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** What the harness shows of its server's state, and waiting for it to change, without sleeps. */
final class Inspection {
  private static final int PAGE = 200;

  private final StorePorts store;
  private final Events events;
  private final Signal signal;

  Inspection(StorePorts store, Events events, Signal signal) {
    this.store = store;
    this.events = events;
    this.signal = signal;
  }

  /** Every message of a conversation so far, in seq order (tombstones included), seen from no one's side. */
  List<Message> messages(ConversationId conversation) {
    Transactions transactions = store.transactions();
    if (transactions.read(() -> store.conversations().findById(conversation)).isEmpty()) {
      // an empty list would let awaitMessages time out on a wrong id with "found 0"
      throw new IllegalArgumentException("no conversation " + conversation);
    }
    List<Message> all = new ArrayList<>();
    List<Message> page;
    do {
      long after = all.isEmpty() ? 0 : all.get(all.size() - 1).seq();
      page = transactions.read(() -> store.messages().after(conversation, after, PAGE));
      all.addAll(page);
    } while (page.size() == PAGE);
    return List.copyOf(all);
  }

  /** The reactions on one message, in order of first use, each with who reacted (empty for none). */
  List<Reaction> reactions(ConversationId conversation, long seq) {
    return store.transactions().read(() -> store.messages().reactions(conversation, List.of(seq)))
        .getOrDefault(seq, List.of());
  }

  /** Every stored event a user has been sent so far, oldest first. */
  List<DeliveredEvent> eventsOf(UserId user) {
    List<DeliveredEvent> all = new ArrayList<>();
    EventCursor cursor = EventCursor.START;
    while (true) {
      EventBatch batch = events.read(user, cursor, PAGE);
      all.addAll(batch.events());
      if (batch.events().isEmpty() || batch.cursor().equals(cursor)) {
        return List.copyOf(all);
      }
      cursor = batch.cursor();
    }
  }

  /** Re-checks {@code probe} whenever ChatFlow publishes an event, until {@code done} or the timeout. */
  <T> T await(Supplier<T> probe, Predicate<T> done, Duration timeout, Function<T, String> failure) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long seen = signal.version();
      T value = probe.get();
      if (done.test(value)) {
        return value;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError(failure.apply(value));
      }
      try {
        signal.awaitChange(seen, left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting", e);
      }
    }
  }

  static void requireCount(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative: " + count);
    }
  }
}
