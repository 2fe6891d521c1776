package io.chatflow.adapter.http.live;

import io.chatflow.adapter.http.auth.ClientAddresses;
import io.chatflow.adapter.http.limits.WriteLimit;
import io.chatflow.adapter.http.ops.Metrics;
import io.chatflow.domain.user.SessionId;
import io.chatflow.domain.user.UserId;
import io.chatflow.ports.in.Events;
import io.chatflow.ports.in.Messaging;
import io.chatflow.ports.in.Presence;
import io.chatflow.ports.in.Sessions;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** What every live connection shares: the use cases, limits, settings, metrics, and the set of open connections. */
public final class LiveHub {
  private final Events events;
  private final Presence presence;
  private final Messaging messaging;
  private final Sessions sessions;
  private final EventWire wire;
  private final LiveLimits settings;
  private final Metrics metrics;
  private final StreamLimits limits;
  private final WriteLimit typing;
  private final ClientAddresses addresses;
  private final Clock clock;
  private final Set<LiveConnection> open = ConcurrentHashMap.newKeySet();
  private volatile boolean closing;

  public LiveHub(Events events, Presence presence, Messaging messaging, Sessions sessions, EventWire wire,
      LiveLimits settings, Metrics metrics, WriteLimit typing, ClientAddresses addresses, Clock clock) {
    this.clock = clock;
    this.typing = typing;
    this.addresses = addresses;
    this.events = events;
    this.sessions = sessions;
    this.presence = presence;
    this.messaging = messaging;
    this.wire = wire;
    this.settings = settings;
    this.metrics = metrics;
    this.limits = new StreamLimits(settings.streamsPerUser(), settings.streamsOverall(), presence);
  }

  Events events() {
    return events;
  }

  Presence presence() {
    return presence;
  }

  Messaging messaging() {
    return messaging;
  }

  EventWire wire() {
    return wire;
  }

  LiveLimits settings() {
    return settings;
  }

  Metrics metrics() {
    return metrics;
  }

  StreamLimits limits() {
    return limits;
  }

  /** The limit on typing notices, which socket frames share with POST .../typing. */
  WriteLimit typing() {
    return typing;
  }

  /** The server's clock, which access tokens expire by. */
  Clock clock() {
    return clock;
  }

  ClientAddresses addresses() {
    return addresses;
  }

  boolean opened(LiveConnection c) {
    if (closing) {
      return false;
    }
    open.add(c);
    metrics.clientConnected(c.transport());
    return true;
  }

  boolean closed(LiveConnection c) {
    if (open.remove(c)) {
      metrics.clientDisconnected(c.transport());
      return true;
    }
    return false;
  }

  /** Runs {@code ended} once when the session ends, on any node (soon, if it already has). */
  Sessions.Watch watch(UserId user, SessionId session, Runnable ended) {
    return sessions.watch(user, session, ended);
  }

  /** On server shutdown: no new connections, and every open one closed. */
  public void closeAll() {
    closing = true;
    for (LiveConnection c : List.copyOf(open)) {
      c.shutdown();
    }
  }
}
