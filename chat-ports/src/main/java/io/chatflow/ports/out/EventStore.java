package io.chatflow.ports.out;

import io.chatflow.domain.event.Event;
import io.chatflow.domain.event.EventCursor;
import io.chatflow.domain.user.UserId;
import java.time.Instant;
import java.util.List;

/**
 * The durable event log. Positions grow with commit order, so a reader that has
 * seen position p and later reads after p never misses an event committed since.
 */
public interface EventStore {
  /**
   * Appends within the current write; returns the event at its new position. Not for
   * message.created, which {@link MessageStore#insert} stores with its message, nor for
   * ephemeral events: both are an {@code IllegalArgumentException}.
   */
  Event append(Event event);

  /**
   * Up to {@code limit} events after {@code after} that {@code user} gets, in
   * position order: those addressed to them, and those for every member of a
   * conversation they are a member of, from their {@code sinceEvent} on.
   */
  List<Event> readFor(UserId user, EventCursor after, int limit);

  /** The position of the newest event (START when there is none). */
  EventCursor head();

  /** Every position up to the horizon has been pruned (START when none was). */
  EventCursor horizon();

  /** Drops events older than {@code before}; returns how many. Never blocks appends for long. */
  int prune(Instant before);
}
