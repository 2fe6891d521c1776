package io.chatflow.ports.out;

import java.util.function.Consumer;

/**
 * Tells every listener, on every node, that sessions ended. The core publishes after the
 * write that ended them commits; a cluster adapter carries it to the other nodes.
 */
public interface SessionFanout {
  /** Hands the news to every current listener; never blocks. */
  void publish(SessionsEnded ended);

  /** Listens until the returned handle is closed. Listeners must not block. */
  EventFanout.Listening listen(Consumer<SessionsEnded> listener);
}
