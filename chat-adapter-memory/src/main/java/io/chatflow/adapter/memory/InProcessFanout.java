package io.chatflow.adapter.memory;

import io.chatflow.domain.user.UserId;
import io.chatflow.ports.out.Delivery;
import io.chatflow.ports.out.EventFanout;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** Fan-out within one process: each user's listeners, called on the publishing thread. */
public final class InProcessFanout implements EventFanout {
  private final Map<UserId, List<Consumer<Delivery>>> listeners = new ConcurrentHashMap<>();
  private final AtomicInteger count = new AtomicInteger();

  @Override
  public void publish(Delivery delivery) {
    for (UserId user : delivery.recipients()) {
      List<Consumer<Delivery>> mine = listeners.get(user);
      if (mine != null) {
        mine.forEach(l -> l.accept(delivery));
      }
    }
  }

  @Override
  public Listening listen(UserId user, Consumer<Delivery> listener) {
    // added inside compute: a close emptying the list at the same moment would otherwise drop
    // it from the map, and this listener with it
    listeners.compute(user, (u, list) -> {
      List<Consumer<Delivery>> mine = list == null ? new CopyOnWriteArrayList<>() : list;
      mine.add(listener);
      return mine;
    });
    count.incrementAndGet();
    AtomicBoolean open = new AtomicBoolean(true);
    return () -> {
      if (open.getAndSet(false)) {
        listeners.computeIfPresent(user, (u, list) -> {
          list.remove(listener);
          return list.isEmpty() ? null : list;
        });
        count.decrementAndGet();
      }
    };
  }

  /** The users who have a listener now. */
  public Set<UserId> listenedTo() {
    return Set.copyOf(listeners.keySet());
  }

  @Override
  public int listeners() {
    return count.get();
  }
}
