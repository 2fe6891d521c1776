package io.chatflow.service;

import io.chatflow.domain.event.EventCursor;
import io.chatflow.domain.user.UserId;
import io.chatflow.ports.in.DeliveredEvent;
import io.chatflow.ports.in.EventBatch;
import io.chatflow.ports.in.Events;
import io.chatflow.ports.out.Delivery;
import io.chatflow.ports.out.EventFanout;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One subscriber's feed. It listens to the fan-out first, then replays the log from
 * its cursor, then passes on what the fan-out queued: a live event at or below the
 * cursor was already replayed and is dropped, so each event arrives exactly once.
 * All of it runs as one serial task at a time: on the subscriber's hand-off executor while it only
 * hands over live events, on the core's delivery executor whenever it reads the store. A feed that falls
 * more than its backlog behind stops queueing and catches up from the log
 * instead, so a slow subscriber costs the log's reads, never unbounded memory. A wake-up (events
 * committed on another node) queues nothing: a live feed asks {@link CatchUps} for its part of one
 * read shared with the node's other woken feeds, and live events wait until that part is handed out.
 * What it holds counts towards the shared backlog ({@link Outstanding}).
 */
final class LiveFeed implements Events.Subscription {
  private static final System.Logger LOG = System.getLogger(LiveFeed.class.getName());
  /**
   * Replayed events the listener may hold at once: catching up goes as fast as the client
   * reads, never so far ahead that a transport drops it as slow (1 MiB by default holds
   * 26 of the largest messages).
   */
  static final int REPLAY_WINDOW = 16;

  private final EventService service;
  private final CatchUps catchUps;
  private final UserId user;
  private final Events.AsyncListener listener;
  private final Executor executor;
  private final Executor handOff;
  private volatile boolean ownHandOff;
  private final Runnable drainOnHandOff = () -> drain(true);
  private final Runnable drainOnCore = () -> drain(false);
  private final Runnable done = this::handedBack;
  private final LiveQueue live;
  private final Outstanding outstanding;
  private final AtomicInteger signals = new AtomicInteger();
  private final AtomicInteger inListenersHands = new AtomicInteger();
  /** The highest position a wake-up named; above the cursor, the next drain reads the log up to there. */
  private final AtomicLong wokenUpTo = new AtomicLong();
  private volatile boolean woken;
  /** A catch-up was asked of {@link CatchUps} and not answered yet (the cursor stays put meanwhile). */
  private volatile boolean awaiting;
  private final AtomicReference<CatchUps.Answer> answer = new AtomicReference<>();
  /** Queued events were dropped while awaiting: the answer alone may not end the replay. */
  private boolean droppedWhileAwaiting;
  /** The batch being handed out is a whole catch-up: once it is out, the feed is live again. */
  private boolean endsReplay;
  private volatile boolean closed;
  private EventFanout.Listening listening;
  private EventCursor cursor;
  /** The batch the replay is handing out (null: none), where it started and how much of it is out. */
  private EventBatch batch;
  private EventCursor batchFrom;
  private int handed;
  private volatile boolean replayed;

  LiveFeed(
      EventService service, CatchUps catchUps, UserId user, EventCursor after, Events.AsyncListener listener, Executor executor,
      Executor handOff, int backlog, DeliveryBacklog shared) {
    this.service = service;
    this.catchUps = catchUps;
    this.user = user;
    this.cursor = after;
    this.listener = listener;
    this.executor = executor;
    this.handOff = handOff;
    this.ownHandOff = handOff != executor;
    this.live = new LiveQueue(backlog);
    this.outstanding = new Outstanding(shared);
  }

  LiveFeed start(EventFanout fanout) {
    listening = fanout.listen(user, delivery -> {
      if (delivery.isWakeUp()) {
        // nothing to queue: the events are in the log, read in order by the next drain
        wokenUpTo.accumulateAndGet(delivery.upTo(), Math::max);
        woken = true;
      } else {
        live.offer(delivery, outstanding::add); // what it drops is in the log (or ephemeral)
      }
      signal();
    });
    signal();
    return this;
  }

  @Override
  public void close() {
    closed = true;
    service.closed(this);
    if (listening != null) {
      listening.close();
    }
    signal(); // a last drain gives back what this feed still counts in the shared backlog
  }

  @Override
  public boolean isOpen() {
    return !closed;
  }

  private void signal() {
    if (signals.getAndIncrement() == 0) {
      if (ownHandOff && replayed && !live.overflowed() && !woken) {
        run(handOff, drainOnHandOff);
      } else {
        run(executor, drainOnCore);
      }
    }
  }

  private void run(Executor on, Runnable drain) {
    try {
      on.execute(drain);
    } catch (RejectedExecutionException e) {
      if (on != executor) {
        ownHandOff = false; // the hand-off stopped before the core: the core ends the feed and its counts
        run(executor, drainOnCore);
      }
      // the core is shutting down: nothing left to deliver or to count
    }
  }

  /**
   * Runs while there are signals. With a hand-off executor of its own, the feed hands live events
   * over on it and reads the store on the core's threads: the drain moves to the one it needs
   * and goes on there, still the only drain of this feed.
   */
  private void drain(boolean onHandOff) {
    int seen = signals.get();
    while (true) {
      try {
        if (onHandOff && !closed && (live.overflowed() || woken || !replayed)) {
          run(executor, drainOnCore);
          return;
        }
        if (live.clearOverflow()) {
          replayed = false;
          droppedWhileAwaiting = awaiting;
          discardQueued(); // the replay reads all of it from the log
        }
        takeAnswer();
        if (!closed && !replayed && !awaiting) {
          replayed = replay();
        }
        if (woken && replayed && !awaiting && !closed) {
          woken = false; // a feed still replaying reads past what woke it anyway
          if (wokenUpTo.get() > cursor.position()) {
            // queued live events stay: the catch-up passes them, and they are dropped as seen
            replayed = false;
            awaiting = true;
            catchUps.request(this, user, cursor);
          }
        }
        Delivery next;
        // live events wait until the replay is through: one delivered now would pass the cursor over the rest
        while (!closed && !live.overflowed() && replayed && (next = live.peek()) != null) {
          if (ownHandOff && onHandOff == needsLookUp(next)) {
            run(onHandOff ? executor : handOff, onHandOff ? drainOnCore : drainOnHandOff);
            return;
          }
          live.poll();
          deliver(next);
        }
      } catch (RuntimeException | Error e) {
        // an Error too (a test's AssertionError in a listener): the feed must still end cleanly
        // and give back what it counts, or its count would hold posting back for good
        LOG.log(Level.WARNING, "event feed of user " + user + " stopped: " + e);
        close();
      }
      if (closed) {
        discardQueued();
        // whatever the listener still holds no longer holds posting back
        outstanding.dropAll();
      }
      int now = signals.addAndGet(-seen);
      if (now == 0) {
        return;
      }
      seen = now;
    }
  }

  /** {@link CatchUps}' answer to this feed's request; signals the drain that takes it. */
  void caughtUp(CatchUps.Answer answered) {
    answer.set(answered);
    signal();
  }

  /** Starts handing out the answered part, if any; without one the replay reads the log itself. */
  private void takeAnswer() {
    CatchUps.Answer a = answer.getAndSet(null);
    if (a == null) {
      return;
    }
    awaiting = false;
    if (a.part() != null && a.from().equals(cursor) && batch == null && !closed) {
      batch = a.part();
      batchFrom = cursor;
      handed = 0;
      endsReplay = a.whole() && !droppedWhileAwaiting;
    }
    droppedWhileAwaiting = false;
  }

  /** An event each recipient sees their own way is read from the store for this one. */
  private static boolean needsLookUp(Delivery delivery) {
    return delivery.data() == null && !delivery.event().type().isEphemeral();
  }

  private void discardQueued() {
    while (live.poll() != null) {
      outstanding.done();
    }
  }

  /**
   * Hands out the log after the cursor, {@link #REPLAY_WINDOW} ahead of the listener at most; true once
   * caught up. A batch read is handed out to its end before the next read, across waits for room.
   */
  private boolean replay() {
    while (!closed) {
      if (batch == null) {
        batchFrom = cursor;
        batch = service.read(user, batchFrom, EventService.REPLAY_BATCH);
        handed = 0;
      }
      List<DeliveredEvent> events = batch.events();
      while (handed < events.size()) {
        if (closed) {
          return true;
        }
        if (inListenersHands.get() >= REPLAY_WINDOW) {
          return false; // the listener's done resumes from here
        }
        DeliveredEvent event = events.get(handed++);
        cursor = event.id();
        outstanding.add();
        hand(event);
      }
      cursor = batch.cursor();
      batch = null;
      if (endsReplay || cursor.equals(batchFrom)) {
        endsReplay = false;
        return true;
      }
    }
    return true;
  }

  /** Gives the listener an event already counted as outstanding; {@link #handedBack} follows. */
  private void hand(DeliveredEvent event) {
    inListenersHands.incrementAndGet();
    listener.accept(event, done);
  }

  /** The listener is done with an event; a replay waiting for room goes on. */
  private void handedBack() {
    int now = inListenersHands.decrementAndGet();
    outstanding.done();
    if (!replayed && now < REPLAY_WINDOW) {
      signal();
    }
  }

  private void deliver(Delivery delivery) {
    var event = delivery.event();
    if (event.type().isEphemeral()) {
      hand(new DeliveredEvent(cursor, event.type(), event.conversationId(), event.at(), delivery.data()));
      return;
    }
    if (event.position() <= cursor.position()) {
      outstanding.done();
      return;
    }
    Optional<DeliveredEvent> resolved = service.resolve(event, user, delivery.data());
    cursor = event.cursor();
    if (resolved.isPresent()) {
      hand(resolved.get());
    } else {
      outstanding.done();
    }
  }
}
