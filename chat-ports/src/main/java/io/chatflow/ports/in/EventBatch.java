package io.chatflow.ports.in;

import io.chatflow.domain.event.EventCursor;
import java.util.List;

/** Events after a cursor, and the cursor to resume from. */
public record EventBatch(List<DeliveredEvent> events, EventCursor cursor) {
  public EventBatch {
    events = List.copyOf(events);
  }
}
