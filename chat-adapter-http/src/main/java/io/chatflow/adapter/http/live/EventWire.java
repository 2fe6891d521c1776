package io.chatflow.adapter.http.live;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatflow.adapter.http.plumbing.Json;
import io.chatflow.adapter.http.plumbing.Responses;
import io.chatflow.domain.user.UserId;
import io.chatflow.ports.in.DeliveredEvent;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Events as JSON for the live transports. A message goes to every member with the
 * same data object, so the last rendering per data object is kept in a small table:
 * a conversation of a thousand members serialises and encodes each message once,
 * not a thousand times. The table is small on purpose: an event is only looked up
 * while it is being fanned out, and whatever the table holds survives young
 * collections. A message with reactions reads differently to each recipient (their own {@code me}),
 * so it is rendered for each, and kept for the last one only.
 */
public final class EventWire {
  private static final int SLOTS = 128;

  /** One event's JSON, as text (SSE) and as UTF-8 bytes (WebSocket); the bytes are shared: never write to them. */
  record Text(String json, byte[] utf8) {}

  private record Rendered(DeliveredEvent event, UserId viewer, Text text) {}

  private final ObjectMapper json;
  private final Rendered[] recent = new Rendered[SLOTS];

  public EventWire(ObjectMapper json) {
    this.json = json;
  }

  Text render(DeliveredEvent event, UserId viewer) {
    int slot = event.data() == null ? 0 : (System.identityHashCode(event.data()) & (SLOTS - 1));
    Rendered last;
    synchronized (recent) {
      last = recent[slot];
    }
    if (last != null && same(last.event(), event)
        && (Objects.equals(last.viewer(), viewer) || Responses.EventJson.sameForEveryone(event))) {
      return last.text();
    }
    String text = Json.write(json, Responses.EventJson.from(event, viewer));
    Text rendered = new Text(text, text.getBytes(StandardCharsets.UTF_8));
    synchronized (recent) {
      recent[slot] = new Rendered(event, viewer, rendered);
    }
    return rendered;
  }

  private static boolean same(DeliveredEvent a, DeliveredEvent b) {
    return a.data() == b.data() && a.id().equals(b.id()) && a.type() == b.type()
        && Objects.equals(a.conversationId(), b.conversationId()) && Objects.equals(a.at(), b.at());
  }
}
