package io.chatflow.service;

import io.chatflow.domain.GoneException;
import io.chatflow.domain.InvalidException;
import io.chatflow.domain.event.Event;
import io.chatflow.domain.event.EventCursor;
import io.chatflow.domain.user.UserId;
import io.chatflow.ports.in.DeliveredEvent;
import io.chatflow.ports.in.EventBatch;
import io.chatflow.ports.in.EventData;
import io.chatflow.ports.in.Events;
import io.chatflow.ports.in.MemberView;
import io.chatflow.ports.in.ReactionChange;
import io.chatflow.ports.in.ReadMarker;
import io.chatflow.ports.out.EventFanout;
import io.chatflow.ports.out.EventStore;
import io.chatflow.ports.out.MessageStore;
import io.chatflow.ports.out.Transactions;
import io.chatflow.ports.out.UserStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** A user's event feed: replay from the durable log, then live from the fan-out. */
public final class EventService implements Events {
  static final int REPLAY_BATCH = 500;

  private final EventStore events;
  private final MessageStore messages;
  private final UserStore users;
  private final Transactions transactions;
  private final EventFanout fanout;
  private final Views views;
  private final Executor delivery;
  private final int backlog;
  private final DeliveryBacklog shared;
  private final Set<LiveFeed> open = ConcurrentHashMap.newKeySet();
  private final RecentEventData recent = new RecentEventData();
  private final CatchUps catchUps;
  private volatile boolean closed;

  EventService(
      EventStore events, MessageStore messages, UserStore users, Transactions transactions,
      EventFanout fanout, Views views, Executor delivery, int backlog, DeliveryBacklog shared) {
    this.events = events;
    this.messages = messages;
    this.users = users;
    this.transactions = transactions;
    this.fanout = fanout;
    this.views = views;
    this.delivery = delivery;
    this.backlog = backlog;
    this.shared = shared;
    this.catchUps = new CatchUps(events, transactions, this::lookUp, delivery);
  }

  @Override
  public EventCursor head(UserId user) {
    return transactions.read(events::head);
  }

  @Override
  public EventBatch read(UserId user, EventCursor after, int limit) {
    if (limit < 1) {
      throw InvalidException.of("limit", "must be at least 1");
    }
    return transactions.read(() -> {
      EventCursor head = events.head();
      requireRetained(after, head);
      List<Event> found = events.readFor(user, after, limit);
      List<DeliveredEvent> delivered = new ArrayList<>(found.size());
      for (Event event : found) {
        Optional.ofNullable(lookUp(event, user)).map(data -> delivered(event, data)).ifPresent(delivered::add);
      }
      // Having read fewer than asked, we have seen everything up to head: moving the
      // cursor there keeps an idle feed's cursor from ageing out of the retained log.
      EventCursor cursor = found.size() < limit ? head.max(after) : found.get(found.size() - 1).cursor();
      return new EventBatch(delivered, cursor);
    });
  }

  @Override
  public EventBatch await(UserId user, EventCursor after, int limit, Duration wait) {
    CountDownLatch arrived = new CountDownLatch(1);
    List<DeliveredEvent> ephemeral = new ArrayList<>();
    try (EventFanout.Listening ignored = fanout.listen(user, d -> {
      if (!d.isWakeUp() && d.event().type().isEphemeral()) {
        synchronized (ephemeral) {
          ephemeral.add(new DeliveredEvent(after, d.event().type(), d.event().conversationId(), d.event().at(), d.data()));
        }
      }
      arrived.countDown();
    })) {
      EventBatch batch = read(user, after, limit);
      if (!batch.events().isEmpty() || wait.isZero() || wait.isNegative()) {
        return batch;
      }
      arrived.await(wait.toMillis(), TimeUnit.MILLISECONDS);
      EventBatch later = read(user, after, limit);
      synchronized (ephemeral) {
        if (later.events().isEmpty() && !ephemeral.isEmpty()) {
          List<DeliveredEvent> live = ephemeral.stream()
              .map(e -> new DeliveredEvent(later.cursor(), e.type(), e.conversationId(), e.at(), e.data()))
              .toList();
          return new EventBatch(live, later.cursor());
        }
      }
      return later;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new EventBatch(List.of(), after);
    }
  }

  @Override
  public Subscription subscribe(UserId user, EventCursor after, Consumer<DeliveredEvent> listener) {
    Objects.requireNonNull(listener, "listener");
    return subscribeAsync(user, after, (event, done) -> {
      try {
        listener.accept(event);
      } finally {
        done.run();
      }
    });
  }

  @Override
  public Subscription subscribeAsync(UserId user, EventCursor after, AsyncListener listener) {
    return subscribeAsync(user, after, listener, delivery);
  }

  @Override
  public Subscription subscribeAsync(UserId user, EventCursor after, AsyncListener listener, Executor handOff) {
    Objects.requireNonNull(listener, "listener"); // here, not later on a delivery thread
    Objects.requireNonNull(handOff, "handOff");
    transactions.read(() -> {
      requireRetained(after, events.head());
      return null;
    });
    if (closed) {
      throw new IllegalStateException("ChatFlow is closed");
    }
    LiveFeed feed = new LiveFeed(this, catchUps, user, after, listener, delivery, handOff, backlog, shared);
    open.add(feed);
    feed.start(fanout);
    if (closed) {
      feed.close(); // the core closed meanwhile: closeAll may have missed it, or closed it unstarted
    }
    return feed;
  }

  /** Ends every subscription, as the core closes: each reads as closed from now on. */
  void closeAll() {
    closed = true;
    open.forEach(LiveFeed::close);
  }

  /** A feed closed: forgotten here. */
  void closed(LiveFeed feed) {
    open.remove(feed);
  }

  void requireRetained(EventCursor after, EventCursor head) {
    if (after.compareTo(events.horizon()) < 0) {
      throw new GoneException(
          "the cursor is older than the retained events; resync from the message lists, then resume from the current cursor");
    }
    if (after.compareTo(head) > 0) {
      throw new GoneException(
          "the cursor is not from this event feed; resync from the message lists, then resume from the current cursor");
    }
  }

  /**
   * The event as {@code user} receives it, with its data: {@code known} when the
   * publisher already had it, else looked up now. Empty when there is nothing left
   * for the user to see (they have left the conversation since).
   */
  Optional<DeliveredEvent> resolve(Event event, UserId user, EventData known) {
    EventData data = known != null ? known : transactions.read(() -> lookUp(event, user));
    return Optional.ofNullable(data).map(d -> delivered(event, d));
  }

  static DeliveredEvent delivered(Event event, EventData data) {
    return new DeliveredEvent(event.cursor(), event.type(), event.conversationId(), event.at(), data);
  }

  private EventData lookUp(Event event, UserId user) {
    boolean shared = switch (event.type()) {
      case MESSAGE_CREATED, MESSAGE_UPDATED, MESSAGE_DELETED, MEMBER_JOINED, MEMBER_LEFT, MEMBER_UPDATED -> true;
      default -> false;
    };
    if (!shared) {
      return lookUpFor(event, user);
    }
    EventData known = recent.get(event.position());
    if (known == null) {
      known = lookUpFor(event, user);
      if (known != null) {
        recent.put(event.position(), known);
      }
    }
    return known;
  }

  private EventData lookUpFor(Event event, UserId user) {
    return switch (event.type()) {
      case MESSAGE_CREATED, MESSAGE_UPDATED, MESSAGE_DELETED ->
          messages.findBySeq(event.conversationId(), event.seq()).map(views::message).orElse(null);
      case MEMBER_JOINED, MEMBER_LEFT, MEMBER_UPDATED ->
          users.findById(event.subject())
              .map(a -> new MemberView(a.user(), event.role(), event.joinedAt()))
              .orElse(null);
      case CONVERSATION_CREATED, CONVERSATION_UPDATED ->
          views.summaryFor(event.conversationId(), user).orElse(null);
      // counted now: for someone no longer in the conversation that would count what they may not see
      case READ_UPDATED -> views.isMember(event.conversationId(), user)
          ? new ReadMarker(event.conversationId(), event.seq(), messages.countUnread(event.conversationId(), event.seq(), user))
          : null;
      case REACTION_ADDED, REACTION_REMOVED -> new ReactionChange(event.seq(), event.emoji(), event.subject());
      case TYPING, PRESENCE_CHANGED -> null;
    };
  }
}
