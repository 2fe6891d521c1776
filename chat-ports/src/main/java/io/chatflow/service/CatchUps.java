package io.chatflow.service;

import io.chatflow.domain.event.Event;
import io.chatflow.domain.event.EventCursor;
import io.chatflow.domain.user.UserId;
import io.chatflow.ports.in.DeliveredEvent;
import io.chatflow.ports.in.EventBatch;
import io.chatflow.ports.in.EventData;
import io.chatflow.ports.out.EventStore;
import io.chatflow.ports.out.Transactions;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * Woken feeds caught up together. In a cluster every committed event reaches a node's feeds as a
 * wake-up; a feed reading the log for itself would make one read per feed per wake-up, a hundred
 * for a post to a hundred members. A live feed that is woken asks here instead: one task at a time
 * reads the log once for every feed that asked meanwhile, from the oldest of their cursors, looks
 * each event's data up once, and hands each feed its part. While a read runs the next requests
 * gather, so the reads follow the load, not the number of feeds. A feed whose part could not be
 * read whole (the read's limit, a failure) reads the rest itself, as it would have.
 */
final class CatchUps {
  private static final System.Logger LOG = System.getLogger(CatchUps.class.getName());
  /** Events (one per user they are for) in one read; past it, the feeds read the rest themselves. */
  static final int LIMIT = 5_000;

  /** A feed's part: its events after {@code from} and its cursor; null: read the log yourself. */
  record Answer(EventCursor from, EventBatch part, boolean whole) {}

  private record Request(LiveFeed feed, UserId user, EventCursor from) {}

  private final EventStore events;
  private final Transactions transactions;
  private final BiFunction<Event, UserId, EventData> lookUp;
  private final Executor executor;
  private final Queue<Request> requests = new ConcurrentLinkedQueue<>();
  private final AtomicInteger signals = new AtomicInteger();

  CatchUps(EventStore events, Transactions transactions, BiFunction<Event, UserId, EventData> lookUp,
      Executor executor) {
    this.events = events;
    this.transactions = transactions;
    this.lookUp = lookUp;
    this.executor = executor;
  }

  /** {@code feed}, at {@code from}, has news for {@code user}; its {@link LiveFeed#caughtUp} follows. */
  void request(LiveFeed feed, UserId user, EventCursor from) {
    requests.add(new Request(feed, user, from));
    if (signals.getAndIncrement() == 0) {
      try {
        executor.execute(this::drain);
      } catch (RejectedExecutionException e) {
        signals.set(0); // the core is closing: the feeds end with it
      }
    }
  }

  private void drain() {
    int seen = signals.get();
    while (true) {
      List<Request> asked = new ArrayList<>();
      for (Request r; (r = requests.poll()) != null; ) {
        asked.add(r);
      }
      if (!asked.isEmpty()) {
        serve(asked);
      }
      int now = signals.addAndGet(-seen);
      if (now == 0) {
        return;
      }
      seen = now;
    }
  }

  private void serve(List<Request> asked) {
    Map<Request, Answer> answers;
    try {
      answers = transactions.read(() -> read(asked));
    } catch (RuntimeException e) {
      LOG.log(Level.DEBUG, "catching up " + asked.size() + " feeds together failed, each reads alone: " + e);
      answers = Map.of();
    }
    for (Request r : asked) {
      r.feed().caughtUp(answers.getOrDefault(r, new Answer(r.from(), null, false)));
    }
  }

  /** One read for all of {@code asked}; a request left out reads for itself. */
  private Map<Request, Answer> read(List<Request> asked) {
    EventCursor head = events.head();
    EventCursor horizon = events.horizon();
    Map<UserId, EventCursor> oldest = new HashMap<>();
    for (Request r : asked) {
      if (r.from().compareTo(horizon) >= 0 && r.from().compareTo(head) <= 0) {
        oldest.merge(r.user(), r.from(), (a, b) -> a.compareTo(b) <= 0 ? a : b);
      }
    }
    if (oldest.isEmpty()) {
      return Map.of();
    }
    EventCursor from = oldest.values().stream().min(EventCursor::compareTo).orElseThrow();
    List<EventStore.ForUser> found = events.readForEach(new HashSet<>(oldest.keySet()), from, LIMIT);
    boolean whole = found.size() < LIMIT;
    // a full read may have stopped among the pairs at its last position: whole only below it
    long wholeTo = whole ? head.position() : found.get(found.size() - 1).event().position() - 1;
    Map<UserId, List<DeliveredEvent>> byUser = new HashMap<>();
    for (EventStore.ForUser pair : found) {
      Event event = pair.event();
      if (event.position() > wholeTo || event.position() <= oldest.get(pair.user()).position()) {
        continue;
      }
      EventData data = lookUp.apply(event, pair.user());
      if (data != null) {
        byUser.computeIfAbsent(pair.user(), u -> new ArrayList<>()).add(EventService.delivered(event, data));
      }
    }
    Map<Request, Answer> answers = new HashMap<>();
    for (Request r : asked) {
      if (!oldest.containsKey(r.user())) {
        continue;
      }
      List<DeliveredEvent> mine = new ArrayList<>();
      for (DeliveredEvent e : byUser.getOrDefault(r.user(), List.of())) {
        if (e.id().position() > r.from().position()) {
          mine.add(e);
        }
      }
      EventCursor cursor = new EventCursor(Math.max(r.from().position(), wholeTo));
      answers.put(r, new Answer(r.from(), new EventBatch(mine, cursor), whole));
    }
    return answers;
  }
}
