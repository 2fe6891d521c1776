package io.chatflow.service;

import io.chatflow.domain.user.Session;
import io.chatflow.domain.user.SessionId;
import io.chatflow.domain.user.UserId;
import io.chatflow.ports.in.Sessions;
import io.chatflow.ports.out.EventFanout;
import io.chatflow.ports.out.SessionFanout;
import io.chatflow.ports.out.SessionStore;
import io.chatflow.ports.out.SessionsEnded;
import io.chatflow.ports.out.Transactions;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Who waits for which session to end. Ends come from the session fan-out (so from every
 * node) and, for a session that simply runs out, from {@link #sweep}. Each watch fires once,
 * on the executor: what it closes may take a moment.
 */
final class SessionWatches {
  private static final System.Logger LOG = System.getLogger(SessionWatches.class.getName());

  private final SessionStore sessions;
  private final Transactions transactions;
  private final Clock clock;
  private final Executor executor;
  private final Map<UserId, Set<Watch>> byUser = new ConcurrentHashMap<>();
  private final Set<Runnable> anyEnd = ConcurrentHashMap.newKeySet();
  private final EventFanout.Listening listening;

  SessionWatches(SessionStore sessions, Transactions transactions, SessionFanout fanout, Clock clock, Executor executor) {
    this.sessions = sessions;
    this.transactions = transactions;
    this.clock = clock;
    this.executor = executor;
    this.listening = fanout.listen(this::ended);
  }

  Sessions.Watch watch(UserId user, SessionId session, Runnable action) {
    Watch watch = new Watch(user, session, action);
    byUser.compute(user, (u, set) -> {
      Set<Watch> watches = set == null ? ConcurrentHashMap.newKeySet() : set;
      watches.add(watch);
      return watches;
    });
    // Registered first, read second: an end published in between fires the watch either way.
    Optional<Session> now = transactions.read(() -> sessions.findById(session)).filter(s -> s.userId().equals(user));
    if (now.isEmpty() || !now.get().isActive(clock.instant())) {
      watch.fire();
    } else {
      watch.expiresAt = now.get().expiresAt();
    }
    return watch;
  }

  Sessions.Watch watchEnds(Runnable listener) {
    Runnable own = listener::run;
    anyEnd.add(own);
    return () -> anyEnd.remove(own);
  }

  /** Fires the watches of sessions that ran out; a refresh may have extended one, so each is read again. */
  int sweep() {
    Instant now = clock.instant();
    int fired = 0;
    for (Set<Watch> watches : byUser.values()) {
      for (Watch w : watches) {
        if (w.expiresAt != null && !now.isBefore(w.expiresAt)) {
          Optional<Session> s = transactions.read(() -> sessions.findById(w.session));
          if (s.isEmpty() || !s.get().isActive(now)) {
            w.fire();
            fired++;
          } else {
            w.expiresAt = s.get().expiresAt();
          }
        }
      }
    }
    return fired;
  }

  void close() {
    listening.close();
  }

  private void ended(SessionsEnded ended) {
    // Caches of isActive forget at once, on the publisher's thread, before the ending write returns.
    for (Runnable listener : anyEnd) {
      try {
        listener.run();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "event=session_end_listener_failed error=\"{0}\"", e.toString());
      }
    }
    if (ended.isUnknown()) {
      // the next sweep reads each watched session again
      byUser.values().forEach(watches -> watches.forEach(w -> w.expiresAt = Instant.MIN));
      return;
    }
    Set<Watch> watches = byUser.get(ended.user());
    if (watches != null) {
      watches.stream().filter(w -> ended.covers(w.user, w.session)).forEach(Watch::fire);
    }
  }

  private final class Watch implements Sessions.Watch {
    private final UserId user;
    private final SessionId session;
    private final Runnable action;
    private final AtomicBoolean done = new AtomicBoolean();
    private volatile Instant expiresAt;

    Watch(UserId user, SessionId session, Runnable action) {
      this.user = user;
      this.session = session;
      this.action = action;
    }

    void fire() {
      if (!done.compareAndSet(false, true)) {
        return;
      }
      forget();
      try {
        executor.execute(this::act);
      } catch (RejectedExecutionException e) {
        act(); // the core is closing: close the stream here rather than never
      }
    }

    private void act() {
      try {
        action.run();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "event=session_watch_failed session={0} error=\"{1}\"", session.value(), e.toString());
      }
    }

    @Override
    public void close() {
      done.set(true);
      forget();
    }

    private void forget() {
      byUser.computeIfPresent(user, (u, set) -> {
        set.remove(this);
        return set.isEmpty() ? null : set;
      });
    }
  }
}
