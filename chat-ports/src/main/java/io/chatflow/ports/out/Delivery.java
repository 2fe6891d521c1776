package io.chatflow.ports.out;

import io.chatflow.domain.event.Event;
import io.chatflow.domain.user.UserId;
import io.chatflow.ports.in.EventData;
import java.util.Set;

/**
 * An event on its way to the people it is for. {@code data} is the payload when it
 * is the same for every recipient (a message, a member), or null when each recipient
 * sees it their own way (a conversation with their unread count) and must resolve it.
 *
 * <p>A wake-up ({@link #wakeUp}) carries no event: the recipients' feeds have new events in the
 * log up to {@code upTo}, committed by another node (or in an order this node cannot vouch
 * for), and each feed reads them from the log.
 */
public record Delivery(Event event, Set<UserId> recipients, EventData data, long upTo) {
  public Delivery {
    recipients = Set.copyOf(recipients);
  }

  public Delivery(Event event, Set<UserId> recipients, EventData data) {
    this(java.util.Objects.requireNonNull(event, "event"), recipients, data, event.position());
  }

  /** The feeds of {@code recipients} have new events in the log, up to position {@code upTo}. */
  public static Delivery wakeUp(Set<UserId> recipients, long upTo) {
    return new Delivery(null, recipients, null, upTo);
  }

  public boolean isWakeUp() {
    return event == null;
  }
}
