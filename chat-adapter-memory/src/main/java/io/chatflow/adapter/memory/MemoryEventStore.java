package io.chatflow.adapter.memory;

import io.chatflow.domain.event.Event;
import io.chatflow.domain.event.EventCursor;
import io.chatflow.domain.event.EventType;
import io.chatflow.domain.user.UserId;
import io.chatflow.ports.out.EventStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

final class MemoryEventStore implements EventStore {
  private final ConcurrentSkipListMap<Long, Event> log = new ConcurrentSkipListMap<>();
  private final MemoryConversationStore conversations;
  private final MemoryTransactions transactions;
  private final Undoable undoable;
  private volatile long head;
  private volatile long horizon;

  MemoryEventStore(MemoryConversationStore conversations, MemoryTransactions transactions, Undoable undoable) {
    this.conversations = conversations;
    this.transactions = transactions;
    this.undoable = undoable;
  }

  @Override
  public Event append(Event event) {
    if (event.type() == EventType.MESSAGE_CREATED || event.type().isEphemeral()) {
      throw new IllegalArgumentException(event.type() + " is not appended: see EventStore.append");
    }
    return place(event);
  }

  /** Puts {@code event} at the next position within the current write (message.created too). */
  Event place(Event event) {
    long previous = head;
    Event placed = event.at(previous + 1);
    undoable.onRollback(() -> head = previous);
    head = placed.position();
    undoable.put(log, placed.position(), placed);
    return placed;
  }

  @Override
  public List<Event> readFor(UserId user, EventCursor after, int limit) {
    List<Event> found = new ArrayList<>();
    for (Event e : log.tailMap(after.position(), false).values()) {
      if (found.size() == limit) {
        break;
      }
      if (isFor(e, user)) {
        found.add(e);
      }
    }
    return found;
  }

  private boolean isFor(Event e, UserId user) {
    if (e.recipient() != null) {
      return e.recipient().equals(user);
    }
    return conversations.findMember(e.conversationId(), user)
        .map(m -> m.sinceEvent() <= e.position())
        .orElse(false)
        || conversations.wasMemberAt(e.conversationId(), user, e.position());
  }

  @Override
  public EventCursor head() {
    return new EventCursor(head);
  }

  @Override
  public EventCursor horizon() {
    return new EventCursor(horizon);
  }

  @Override
  public int prune(Instant before) {
    return transactions.write(() -> {
      int dropped = 0;
      for (Map.Entry<Long, Event> e : log.entrySet()) {
        if (!e.getValue().at().isBefore(before)) {
          break;
        }
        long position = e.getKey();
        long previousHorizon = horizon;
        undoable.onRollback(() -> horizon = previousHorizon);
        horizon = position;
        undoable.remove(log, position);
        dropped++;
      }
      return dropped;
    });
  }

  /** Forgets everything (inside a write, for the test harness's reset). */
  void clear() {
    // positions start over, as in a new store: a cursor from before is not from this feed
    log.clear();
    head = 0;
    horizon = 0;
  }
}
