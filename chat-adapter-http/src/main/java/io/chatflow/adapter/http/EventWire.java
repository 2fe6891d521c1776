package io.chatflow.adapter.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatflow.ports.in.DeliveredEvent;
import java.util.Objects;

/**
 * Events as JSON text for the live transports. A message goes to every member with
 * the same data object, so the last rendering per data object is kept in a small
 * table: a conversation of a thousand members serialises each message once, not a
 * thousand times.
 */
final class EventWire {
  private static final int SLOTS = 1024;

  private record Rendered(DeliveredEvent event, String json) {}

  private final ObjectMapper json;
  private final Rendered[] recent = new Rendered[SLOTS];

  EventWire(ObjectMapper json) {
    this.json = json;
  }

  String json(DeliveredEvent event) {
    int slot = event.data() == null ? 0 : (System.identityHashCode(event.data()) & (SLOTS - 1));
    Rendered last;
    synchronized (recent) {
      last = recent[slot];
    }
    if (last != null && same(last.event(), event)) {
      return last.json();
    }
    String text = Json.write(json, Responses.EventJson.from(event));
    synchronized (recent) {
      recent[slot] = new Rendered(event, text);
    }
    return text;
  }

  private static boolean same(DeliveredEvent a, DeliveredEvent b) {
    return a.data() == b.data() && a.id().equals(b.id()) && a.type() == b.type()
        && Objects.equals(a.conversationId(), b.conversationId()) && Objects.equals(a.at(), b.at());
  }
}
