package io.chatflow.service;

import io.chatflow.domain.event.Event;
import io.chatflow.domain.user.UserId;
import io.chatflow.ports.in.EventData;
import io.chatflow.ports.out.Delivery;
import io.chatflow.ports.out.EventFanout;
import io.chatflow.ports.out.EventStore;
import io.chatflow.ports.out.Transactions;
import java.util.Collection;
import java.util.Set;

/**
 * Records events in the write that causes them, and hands them to the fan-out once
 * that write commits (in commit order, so live listeners see the log's order).
 */
final class Journal {
  private final EventStore events;
  private final Transactions transactions;
  private final EventFanout fanout;

  Journal(EventStore events, Transactions transactions, EventFanout fanout) {
    this.events = events;
    this.transactions = transactions;
    this.fanout = fanout;
  }

  /** Appends {@code draft} and schedules its delivery to {@code recipients}; returns it placed. */
  Event record(Event draft, Collection<UserId> recipients, EventData data) {
    Event placed = events.append(draft);
    deliverAfterCommit(placed, recipients, data);
    return placed;
  }

  /** Schedules the delivery of an event this write already stored (a message.created, with its message). */
  void deliverAfterCommit(Event placed, Collection<UserId> recipients, EventData data) {
    Delivery delivery = new Delivery(placed, Set.copyOf(recipients), data);
    transactions.afterCommit(() -> fanout.publish(delivery));
  }

  /** The position of the last event recorded so far, in this write too. */
  long head() {
    return events.head().position();
  }

  /** Delivers an ephemeral event (typing, presence) now; it is never stored. */
  void announce(Event ephemeral, Collection<UserId> recipients, EventData data) {
    fanout.publish(new Delivery(ephemeral, Set.copyOf(recipients), data));
  }
}
