package io.chatflow.ports.out;

import io.chatflow.domain.user.UserId;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/** Ephemeral presence: when each user was last active and how many live connections they hold. */
public interface PresenceStore {
  /** Records activity at {@code at}. */
  void touch(UserId user, Instant at);

  /** A live connection opened at {@code at}. */
  void connected(UserId user, Instant at);

  /** A live connection closed at {@code at}. */
  void disconnected(UserId user, Instant at);

  /** Connections held and last activity; empty when the user was never seen. */
  Optional<Seen> find(UserId user);

  /** An SSE stream or WebSocket opened at {@code at} (also a connection: counted for the streams-per-user limit). */
  void streamOpened(UserId user, Instant at);

  /** An SSE stream or WebSocket closed at {@code at}. */
  void streamClosed(UserId user, Instant at);

  /**
   * The streams the user holds on the other processes that share this store, as those last
   * wrote them (a cluster's heartbeat); 0 for presence in one process.
   */
  int streamsElsewhere(UserId user);

  /**
   * Records that the user was announced {@code online} (or offline); true only for the
   * caller that changed it, so each change is announced once.
   */
  boolean announce(UserId user, boolean online);

  /** Users last announced online. */
  Set<UserId> announcedOnline();

  record Seen(int connections, Instant lastSeenAt) {}
}
