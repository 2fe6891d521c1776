package io.chatflow.adapter.http.live;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatflow.adapter.http.auth.Authenticator;
import io.chatflow.adapter.http.plumbing.Call;
import io.chatflow.adapter.http.plumbing.HttpProblem;
import io.chatflow.adapter.http.plumbing.Principal;
import io.chatflow.adapter.http.plumbing.Reply;
import io.chatflow.domain.event.EventCursor;
import io.chatflow.domain.user.UserId;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.Headers;
import io.undertow.websockets.WebSocketConnectionCallback;
import io.undertow.websockets.WebSocketProtocolHandshakeHandler;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.spi.WebSocketHttpExchange;
import java.net.URI;
import java.util.Locale;
import java.util.Map;

/**
 * GET /api/v1/ws: the event feed over a WebSocket. Everything that can be refused with
 * an HTTP status (origin, token, cursor, limits) is checked before the upgrade; a token
 * sent as the first frame is checked after it and refused with a close code.
 */
public final class SocketEndpoint {
  static final AttachmentKey<Handshake> HANDSHAKE = AttachmentKey.create(Handshake.class);

  /** What the upgrade request settled: the user when the token came in the query, and the cursor. */
  record Handshake(Principal who, EventCursor after, String address) {}

  private final LiveHub hub;
  private final Authenticator authenticator;
  private final ObjectMapper json;
  private final WebSocketProtocolHandshakeHandler upgrade;

  public SocketEndpoint(LiveHub hub, Authenticator authenticator, ObjectMapper json) {
    this.hub = hub;
    this.authenticator = authenticator;
    this.json = json;
    this.upgrade = new WebSocketProtocolHandshakeHandler((WebSocketConnectionCallback) this::connected,
        exchange -> {
          throw new HttpProblem(400, "a WebSocket upgrade (version 13) is required here");
        });
  }

  public Reply open(Call call) throws Exception {
    requireAllowedOrigin(call);
    String upgradeHeader = call.header(Headers.UPGRADE_STRING);
    if (upgradeHeader == null || !upgradeHeader.equalsIgnoreCase("websocket")) {
      throw new HttpProblem(400, "a WebSocket upgrade is required here");
    }
    String after = call.query("after");
    EventCursor cursor = after == null ? null : EventCursor.parse(after, "after");
    String token = call.query("access_token");
    Principal who = null;
    if (token != null) {
      who = authenticator.authenticate(token);
      UserId user = who.user();
      try {
        hub.limits().check(user);
      } catch (StreamLimits.Full e) {
        throw StreamEndpoint.tooMany(e);
      }
      if (cursor != null) {
        hub.events().read(user, cursor, 1); // a gone cursor is a 410 while we can still answer in HTTP
      } else {
        cursor = hub.events().head(user); // "live from now" means from the handshake
      }
    }
    HttpServerExchange exchange = call.exchange();
    exchange.putAttachment(HANDSHAKE, new Handshake(who, cursor, hub.addresses().keyOf(exchange)));
    upgrade.handleRequest(exchange);
    return Reply.DETACHED;
  }

  private void connected(WebSocketHttpExchange exchange, WebSocketChannel channel) {
    Handshake handshake = exchange.getAttachment(HANDSHAKE);
    SocketClient client = new SocketClient(hub, authenticator, json, channel, handshake.after(),
        handshake.address());
    client.open(handshake.who());
  }

  private void requireAllowedOrigin(Call call) {
    String origin = call.header(Headers.ORIGIN_STRING);
    if (origin == null) {
      return; // not a browser: Origin protects browsers' users from other sites, it is no credential
    }
    var allowed = hub.settings().allowedOrigins();
    if (allowed.contains("*") || allowed.contains(origin)) {
      return;
    }
    String host = call.header(Headers.HOST_STRING);
    try {
      URI uri = URI.create(origin);
      String authority = uri.getRawAuthority();
      if (host != null && authority != null && authority.toLowerCase(Locale.ROOT).equals(host.toLowerCase(Locale.ROOT))) {
        return;
      }
    } catch (IllegalArgumentException e) {
      // a malformed Origin is foreign
    }
    throw new HttpProblem(403, "WebSocket connections from origin " + origin + " are not allowed",
        Map.of());
  }
}
