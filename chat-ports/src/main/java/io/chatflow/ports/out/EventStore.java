package io.chatflow.ports.out;

import io.chatflow.domain.event.Event;
import io.chatflow.domain.event.EventCursor;
import io.chatflow.domain.user.UserId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

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

  /**
   * What {@link #readFor} gives each of {@code users} after {@code after}, in one read: up to
   * {@code limit} pairs in position order (an event for several of them once for each). Below the
   * position of the last pair nothing is left out, so a full answer is whole up to there. A store
   * that can read them together does (one query for every woken feed of a node); this default
   * reads user by user.
   */
  default List<ForUser> readForEach(Set<UserId> users, EventCursor after, int limit) {
    List<ForUser> found = new ArrayList<>();
    for (UserId user : users) {
      readFor(user, after, limit).forEach(event -> found.add(new ForUser(user, event)));
    }
    found.sort(Comparator.comparingLong(pair -> pair.event().position()));
    return found.size() > limit ? List.copyOf(found.subList(0, limit)) : found;
  }

  /** The position of the newest event (START when there is none). */
  EventCursor head();

  /** Every position up to the horizon has been pruned (START when none was). */
  EventCursor horizon();

  /** Drops events older than {@code before}; returns how many. Never blocks appends for long. */
  int prune(Instant before);

  /** An event and one of the users it is for. */
  record ForUser(UserId user, Event event) {}
}
