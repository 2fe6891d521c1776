package io.chatflow.service;

import io.chatflow.domain.event.EventCursor;
import io.chatflow.domain.user.UserId;
import io.chatflow.ports.in.DeliveredEvent;
import io.chatflow.ports.in.EventBatch;
import io.chatflow.ports.in.Events;
import io.chatflow.ports.out.Delivery;
import io.chatflow.ports.out.EventFanout;
import java.lang.System.Logger.Level;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One subscriber's feed. It listens to the fan-out first, then replays the log from
 * its cursor, then passes on what the fan-out queued: a live event at or below the
 * cursor was already replayed and is dropped, so each event arrives exactly once.
 * All of it runs as one serial task at a time on the delivery executor. A feed that falls
 * more than its backlog behind stops queueing and catches up from the log
 * instead, so a slow subscriber costs the log's reads, never unbounded memory.
 * Events queued or still in the listener's hands count towards the shared
 * {@link DeliveryBacklog} until the listener is done with them.
 */
final class LiveFeed implements Events.Subscription {
  private static final System.Logger LOG = System.getLogger(LiveFeed.class.getName());

  private final EventService service;
  private final UserId user;
  private final Events.AsyncListener listener;
  private final Executor executor;
  private final int backlog;
  private final DeliveryBacklog shared;
  private final Runnable done = this::finished;
  private final Queue<Delivery> live = new ConcurrentLinkedQueue<>();
  private final AtomicInteger signals = new AtomicInteger();
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicInteger outstanding = new AtomicInteger();
  private volatile boolean overflowed;
  private volatile boolean closed;
  private EventFanout.Listening listening;
  private EventCursor cursor;
  private boolean replayed;

  LiveFeed(
      EventService service, UserId user, EventCursor after, Events.AsyncListener listener, Executor executor,
      int backlog, DeliveryBacklog shared) {
    this.service = service;
    this.user = user;
    this.cursor = after;
    this.listener = listener;
    this.executor = executor;
    this.backlog = backlog;
    this.shared = shared;
  }

  LiveFeed start(EventFanout fanout) {
    listening = fanout.listen(user, delivery -> {
      if (overflowed) {
        // Nothing more is queued until the drain has caught up from the log: a later
        // event delivered first would move the cursor past the dropped ones.
      } else if (queued.incrementAndGet() > backlog) {
        // What is dropped here is in the log (or ephemeral): the next drain replays it.
        queued.decrementAndGet();
        overflowed = true;
      } else {
        shared.grew(outstanding.incrementAndGet());
        live.add(delivery);
      }
      signal();
    });
    signal();
    return this;
  }

  @Override
  public void close() {
    closed = true;
    if (listening != null) {
      listening.close();
    }
    signal(); // a last drain gives back what this feed still counts in the shared backlog
  }

  private void signal() {
    if (signals.getAndIncrement() == 0) {
      try {
        executor.execute(this::drain);
      } catch (RejectedExecutionException e) {
        // the core is shutting down: nothing left to deliver or to count
      }
    }
  }

  private void drain() {
    int seen = signals.get();
    while (true) {
      try {
        if (overflowed) {
          overflowed = false;
          replayed = false;
          discardQueued(); // the replay reads all of it from the log
        }
        if (!closed && !replayed) {
          replay();
          replayed = true;
        }
        Delivery next;
        while (!closed && !overflowed && (next = live.poll()) != null) {
          queued.decrementAndGet();
          deliver(next);
        }
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "event feed of user " + user + " stopped: " + e);
        close();
      }
      if (closed) {
        discardQueued();
        // whatever the listener still holds no longer holds posting back
        shared.dropped(outstanding.getAndSet(0));
      }
      int now = signals.addAndGet(-seen);
      if (now == 0) {
        return;
      }
      seen = now;
    }
  }

  private void discardQueued() {
    while (live.poll() != null) {
      queued.decrementAndGet();
      finished();
    }
  }

  /** One queued or handed-out event is through; after a close there is nothing left to count. */
  private void finished() {
    int now;
    do {
      now = outstanding.get();
      if (now == 0) {
        return;
      }
    } while (!outstanding.compareAndSet(now, now - 1));
    shared.shrank(now);
  }

  private void replay() {
    while (!closed) {
      EventBatch batch = service.read(user, cursor, EventService.REPLAY_BATCH);
      for (DeliveredEvent event : batch.events()) {
        shared.grew(outstanding.incrementAndGet());
        listener.accept(event, done);
      }
      boolean moved = !batch.cursor().equals(cursor);
      cursor = batch.cursor();
      if (!moved) {
        return;
      }
    }
  }

  private void deliver(Delivery delivery) {
    var event = delivery.event();
    if (event.type().isEphemeral()) {
      listener.accept(new DeliveredEvent(cursor, event.type(), event.conversationId(), event.at(), delivery.data()), done);
      return;
    }
    if (event.position() <= cursor.position()) {
      finished();
      return;
    }
    Optional<DeliveredEvent> resolved = service.resolve(event, user, delivery.data());
    cursor = event.cursor();
    if (resolved.isPresent()) {
      listener.accept(resolved.get(), done);
    } else {
      finished();
    }
  }
}
