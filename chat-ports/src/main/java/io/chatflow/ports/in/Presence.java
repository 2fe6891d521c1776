package io.chatflow.ports.in;

import io.chatflow.domain.user.UserId;

/** Who is online: while they hold a live connection or were active within the window. */
public interface Presence {
  /** Records activity (an authenticated request); costs no database write. */
  void touch(UserId user);

  /** A live connection (a subscription someone holds open) opened. */
  void connected(UserId user);

  /** A live connection closed. */
  void disconnected(UserId user);

  PresenceView of(UserId user);

  /** An SSE stream or WebSocket opened (the transport counts its streams for a per-user limit). */
  void streamOpened(UserId user);

  /** An SSE stream or WebSocket closed. */
  void streamClosed(UserId user);

  /**
   * The SSE streams and WebSockets the user holds on the other nodes of a cluster (0 on a
   * single node), as of those nodes' last heartbeat: up to a second behind.
   */
  int streamsElsewhere(UserId user);
}
