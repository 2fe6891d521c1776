package io.chatflow.adapter.memory;

import io.chatflow.domain.user.UserId;
import io.chatflow.ports.out.ClusterBus;
import io.chatflow.ports.out.Delivery;
import io.chatflow.ports.out.EventFanout;
import io.chatflow.ports.out.SessionFanout;
import io.chatflow.ports.out.SessionsEnded;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The fan-out of a node in a cluster: this node's listeners, and the bus to the others. A
 * committed event reaches every feed, here too, as a wake-up, so each feed reads it from the
 * log in position order (a live event handed over whole could pass one that another node
 * committed just before it and this node has not read yet). Ephemeral events and session ends
 * travel whole.
 */
public final class BusFanout implements EventFanout, SessionFanout, ClusterBus.Receiver {
  private final ClusterBus bus;
  private final InProcessFanout local = new InProcessFanout();
  private final InProcessSessionFanout localEnds = new InProcessSessionFanout();

  public BusFanout(ClusterBus bus) {
    this.bus = bus;
  }

  /** Starts hearing the other nodes; returns this. */
  public BusFanout start() {
    bus.start(this);
    return this;
  }

  @Override
  public void publish(Delivery delivery) {
    if (delivery.isWakeUp() || !delivery.event().type().isEphemeral()) {
      local.publish(Delivery.wakeUp(delivery.recipients(), delivery.upTo()));
      bus.feedsAdvanced(delivery.recipients(), delivery.upTo());
    } else {
      local.publish(delivery);
      bus.ephemeral(delivery);
    }
  }

  @Override
  public Listening listen(UserId user, Consumer<Delivery> listener) {
    return local.listen(user, listener);
  }

  @Override
  public int listeners() {
    return local.listeners();
  }

  @Override
  public void publish(SessionsEnded ended) {
    localEnds.publish(ended);
    bus.sessionsEnded(ended);
  }

  @Override
  public Listening listen(Consumer<SessionsEnded> listener) {
    return localEnds.listen(listener);
  }

  @Override
  public void feedsAdvanced(Set<UserId> users, long position) {
    local.publish(Delivery.wakeUp(users, position));
  }

  @Override
  public void sessionsEnded(SessionsEnded ended) {
    localEnds.publish(ended);
  }

  @Override
  public void ephemeral(Delivery delivery) {
    local.publish(delivery);
  }

  @Override
  public void resync() {
    local.publish(Delivery.wakeUp(local.listenedTo(), Long.MAX_VALUE));
    localEnds.publish(SessionsEnded.unknown());
  }
}
