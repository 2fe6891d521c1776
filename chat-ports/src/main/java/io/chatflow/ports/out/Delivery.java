package io.chatflow.ports.out;

import io.chatflow.domain.event.Event;
import io.chatflow.domain.user.UserId;
import io.chatflow.ports.in.EventData;
import java.util.Set;

/**
 * An event on its way to the people it is for. {@code data} is the payload when it
 * is the same for every recipient (a message, a member), or null when each recipient
 * sees it their own way (a conversation with their unread count) and must resolve it.
 */
public record Delivery(Event event, Set<UserId> recipients, EventData data) {
  public Delivery {
    recipients = Set.copyOf(recipients);
  }
}
