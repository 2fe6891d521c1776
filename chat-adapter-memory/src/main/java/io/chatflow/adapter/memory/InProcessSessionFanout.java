package io.chatflow.adapter.memory;

import io.chatflow.ports.out.EventFanout;
import io.chatflow.ports.out.SessionFanout;
import io.chatflow.ports.out.SessionsEnded;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** Session ends within one process: every listener hears each publish, on the publisher's thread. */
public final class InProcessSessionFanout implements SessionFanout {
  private final Set<Consumer<SessionsEnded>> listeners = ConcurrentHashMap.newKeySet();

  @Override
  public void publish(SessionsEnded ended) {
    listeners.forEach(listener -> listener.accept(ended));
  }

  @Override
  public EventFanout.Listening listen(Consumer<SessionsEnded> listener) {
    Consumer<SessionsEnded> own = listener::accept; // a handle of its own, even for the same listener twice
    listeners.add(own);
    return () -> listeners.remove(own);
  }
}
