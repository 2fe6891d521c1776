package io.chatflow.adapter.memory;

import io.chatflow.domain.user.UserId;
import io.chatflow.ports.out.ClusterBus;
import io.chatflow.ports.out.Delivery;
import io.chatflow.ports.out.SessionsEnded;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A bus between nodes in one process (tests, and a library that runs several cores on one
 * store): each notice goes to every other node of the hub, on the sender's thread.
 */
public final class InProcessBus implements ClusterBus {
  private final List<InProcessBus> hub;
  private volatile Receiver receiver;
  private volatile boolean closed;

  private InProcessBus(List<InProcessBus> hub) {
    this.hub = hub;
  }

  /** A new hub's first node. */
  public static InProcessBus hub() {
    InProcessBus first = new InProcessBus(new CopyOnWriteArrayList<>());
    first.hub.add(first);
    return first;
  }

  /** Another node on this one's hub. */
  public InProcessBus join() {
    InProcessBus node = new InProcessBus(hub);
    hub.add(node);
    return node;
  }

  @Override
  public void feedsAdvanced(Set<UserId> users, long position) {
    others(r -> r.feedsAdvanced(users, position));
  }

  @Override
  public void sessionsEnded(SessionsEnded ended) {
    others(r -> r.sessionsEnded(ended));
  }

  @Override
  public void ephemeral(Delivery delivery) {
    others(r -> r.ephemeral(delivery));
  }

  private void others(Consumer<Receiver> notice) {
    if (closed) {
      return;
    }
    for (InProcessBus node : hub) {
      Receiver r = node.receiver;
      if (node != this && r != null && !node.closed) {
        notice.accept(r);
      }
    }
  }

  @Override
  public void start(Receiver receiver) {
    this.receiver = receiver;
  }

  @Override
  public boolean reachable() {
    return !closed;
  }

  @Override
  public void close() {
    closed = true;
    hub.remove(this);
  }
}
