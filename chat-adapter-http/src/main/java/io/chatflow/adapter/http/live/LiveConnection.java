package io.chatflow.adapter.http.live;

import io.chatflow.domain.event.EventCursor;
import io.chatflow.domain.user.SessionId;
import io.chatflow.domain.user.UserId;
import io.chatflow.ports.in.DeliveredEvent;
import io.chatflow.ports.in.Events;
import io.chatflow.ports.in.Sessions;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.XnioExecutor;
import org.xnio.XnioIoThread;

/**
 * One open SSE stream or WebSocket of one user: a subscription to their events whose
 * listener writes each event without blocking. Bytes written but not yet taken by
 * the client are counted; past the bound the client is too slow and is dropped, so
 * a stalled reader never holds more than that much memory.
 */
abstract class LiveConnection {
  private static final Logger LOG = LoggerFactory.getLogger(LiveConnection.class);

  /** What the transport does with the text of one event. */
  interface Done {
    void sent(boolean ok);
  }

  private final LiveHub hub;
  private final String transport;
  private final AtomicLong pending = new AtomicLong();
  private final AtomicBoolean stopped = new AtomicBoolean();
  // not this object's monitor: a transport may lock the connection under its own locks (SSE does)
  private final Object lifecycle = new Object();
  private volatile UserId user;
  private volatile SessionId session;
  private volatile StreamLimits.Permit permit;
  private volatile Events.Subscription subscription;
  private volatile Sessions.Watch sessionWatch;
  private volatile XnioExecutor.Key expiry;

  LiveConnection(LiveHub hub, String transport) {
    this.hub = hub;
    this.transport = transport;
  }

  /**
   * Starts delivering to {@code who} from {@code after}; the permit is released when this stops.
   * Holds the lifecycle lock while it registers, so a {@link #stop} from a close that raced
   * ahead (a socket closed right after its handshake) gives back everything taken here.
   */
  final void start(UserId who, SessionId in, Instant tokenExpires, StreamLimits.Permit slot, EventCursor after) {
    synchronized (lifecycle) {
      register(who, in, tokenExpires, slot, after);
    }
  }

  private void register(UserId who, SessionId in, Instant tokenExpires, StreamLimits.Permit slot, EventCursor after) {
    if (stopped.get()) {
      slot.release(); // closed before it began: take nothing
      return;
    }
    this.user = who;
    this.session = in;
    this.permit = slot;
    if (!hub.opened(this)) {
      stop();
      return;
    }
    hub.presence().connected(who);
    if (in != null) {
      // also fires when the session ended between the token check and now
      sessionWatch = hub.watch(who, in, this::sessionEnded);
    }
    if (tokenExpires != null) {
      // the access token's authority ends with it: the client refreshes and resumes from its cursor
      long left = Math.max(0, Duration.between(hub.clock().instant(), tokenExpires).toMillis());
      expiry = ioThread().executeAfter(this::tokenExpired, left, TimeUnit.MILLISECONDS);
    }
    LOG.debug("event=live_opened transport={} user={} after={}", transport, who, after);
    Events.Subscription s = hub.events().subscribeAsync(who, after, this::deliver, eventLoop());
    subscription = s;
    if (stopped.get()) {
      s.close(); // stopped on this thread while subscribing, before the subscription was known
    }
  }

  private void tokenExpired() {
    if (!stopped.get()) {
      LOG.debug("event=live_token_expired transport={} user={}", transport, user);
      sessionEnded();
    }
  }

  /** The I/O thread of the connection, for its timers. */
  protected abstract XnioIoThread ioThread();

  /** The connection's I/O thread: live events are written there with no hand-off between threads. */
  protected abstract Executor eventLoop();

  /** Writes the text of an event; calls {@code done} when the client took it (or failed). */
  protected abstract void send(DeliveredEvent event, EventWire.Text text, Done done);

  /** The client fell behind by more than the send buffer: cut it off. */
  protected abstract void dropSlow();

  /** Calls {@code done} once the client's socket took the event, or it never will. */
  private void deliver(DeliveredEvent event, Runnable done) {
    if (stopped.get()) {
      done.run();
      return;
    }
    EventWire.Text text = hub.wire().render(event, user);
    long size = text.utf8().length + 32L;
    if (pending.addAndGet(size) > hub.settings().sendBufferBytes()) {
      LOG.info("dropping slow {} client of user {}: {} bytes unsent", transport, user, pending.get());
      hub.metrics().slowDropped();
      stop();
      dropSlow();
      done.run();
      return;
    }
    send(event, text, ok -> {
      pending.addAndGet(-size);
      if (ok) {
        hub.metrics().delivered(1);
      }
      done.run();
    });
  }

  /** Ends the subscription and gives back presence and the slot; safe to call more than once, from any thread. */
  final void stop() {
    if (!stopped.compareAndSet(false, true)) {
      return;
    }
    synchronized (lifecycle) { // after a start under way, so what it took is given back here
      Events.Subscription s = subscription;
      if (s != null) {
        s.close();
      }
      Sessions.Watch w = sessionWatch;
      if (w != null) {
        w.close();
      }
      XnioExecutor.Key k = expiry;
      if (k != null) {
        k.remove();
      }
      if (user != null && hub.closed(this)) {
        hub.presence().disconnected(user);
        LOG.debug("event=live_closed transport={} user={}", transport, user);
      }
      StreamLimits.Permit p = permit;
      if (p != null) {
        p.release();
      }
    }
  }

  final LiveHub hub() {
    return hub;
  }

  final boolean stopped() {
    return stopped.get();
  }

  final String transport() {
    return transport;
  }

  final UserId user() {
    return user;
  }

  final SessionId session() {
    return session;
  }

  /** Closes the connection on server shutdown. */
  abstract void shutdown();

  /** The session it was opened in has ended (revoked, password changed, run out), or its access token expired: close it. */
  abstract void sessionEnded();
}
