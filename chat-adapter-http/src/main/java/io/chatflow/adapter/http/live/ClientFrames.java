package io.chatflow.adapter.http.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatflow.adapter.http.auth.Authenticator;
import io.chatflow.adapter.http.plumbing.ErrorTable;
import io.chatflow.adapter.http.plumbing.Json;
import io.chatflow.adapter.http.plumbing.Principal;
import io.chatflow.domain.ChatException;
import io.chatflow.domain.NotFoundException;
import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.user.UserId;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedBinaryMessage;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.WebSocketChannel;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads one socket's client frames (auth, ping, typing) on the I/O thread and acts on them
 * in order on a worker; answers go back through the socket as pong or error frames.
 */
final class ClientFrames extends AbstractReceiveListener {
  static final String PONG = "{\"type\":\"pong\"}";
  private static final String PING = "{\"type\":\"ping\"}";
  /** Frames of one socket waiting for a worker; more means the client outruns its own work. */
  private static final int MAX_QUEUED = 32;

  private final SocketClient socket;
  private final Authenticator authenticator;
  private final ObjectMapper json;
  private final SerialExecutor work;
  private final FrameRate rate;

  ClientFrames(SocketClient socket, Authenticator authenticator, ObjectMapper json, SerialExecutor work) {
    this.socket = socket;
    this.authenticator = authenticator;
    this.json = json;
    this.work = work;
    this.rate = new FrameRate(socket.hub().settings().clientFrames());
  }

  @Override
  protected long getMaxTextBufferSize() {
    return socket.hub().settings().frameLimitBytes();
  }

  @Override
  protected long getMaxBinaryBufferSize() {
    return socket.hub().settings().frameLimitBytes();
  }

  @Override
  protected void onFullTextMessage(WebSocketChannel c, BufferedTextMessage message) {
    if (!rate.admit()) {
      socket.close(SocketClient.POLICY, "too many frames: at most " + socket.hub().settings().clientFrames());
      return;
    }
    if (work.pending() >= MAX_QUEUED) {
      socket.close(SocketClient.POLICY, "frames arrive faster than they are handled");
      return;
    }
    String text = message.getData();
    if (socket.authenticated() != null && PING.equals(text) && work.idle()) {
      socket.reply(PONG); // the common keep-alive, answered on the I/O thread when no earlier frame waits
      return;
    }
    work.execute(() -> onFrame(text));
  }

  @Override
  protected void onFullBinaryMessage(WebSocketChannel c, BufferedBinaryMessage message) {
    message.getData().free();
    socket.close(SocketClient.UNSUPPORTED, "binary frames are not supported");
  }

  @Override
  protected void onError(WebSocketChannel c, Throwable error) {
    if (String.valueOf(error.getMessage()).contains("UT002040")) {
      socket.close(SocketClient.TOO_BIG, "frame over " + socket.hub().settings().frameLimitBytes() + " bytes");
      return;
    }
    socket.stop();
    super.onError(c, error);
  }

  private void onFrame(String text) {
    if (socket.stopped()) {
      return; // refused or closed: frames that were already queued do nothing
    }
    JsonNode frame = parse(text);
    String type = frame == null ? null : frame.path("type").asText(null);
    UserId user = socket.authenticated();
    if (user == null) {
      authenticate(frame, type);
      return;
    }
    if (type == null) {
      socket.reply(error(400, "frames are JSON objects with a type"));
      return;
    }
    switch (type) {
      case "ping" -> socket.reply(PONG);
      case "typing" -> typing(user, frame.path("conversationId"));
      case "auth" -> socket.reply(error(400, "already authenticated"));
      default -> socket.reply(error(400, "unknown frame type " + type));
    }
  }

  private void authenticate(JsonNode frame, String type) {
    if (!"auth".equals(type) || !frame.path("token").isTextual()) {
      socket.close(SocketClient.POLICY, "the first frame must be {\"type\":\"auth\",\"token\":...}");
      return;
    }
    Principal who;
    try {
      who = authenticator.authenticate(frame.get("token").asText());
    } catch (RuntimeException e) {
      socket.close(SocketClient.INVALID_TOKEN, "invalid token");
      return;
    }
    socket.begin(who);
  }

  private void typing(UserId user, JsonNode conversation) {
    if (!conversation.isTextual()) {
      socket.reply(error(400, "typing needs a conversationId"));
      return;
    }
    String id = conversation.asText();
    try {
      if (id.indexOf('\0') >= 0) {
        throw new NotFoundException("conversation"); // no id holds a NUL, and a database would refuse to look one up
      }
      socket.hub().typing().admit(user, socket.address());
      socket.hub().messaging().typing(user, new ConversationId(id));
    } catch (ChatException e) {
      socket.reply(error(ErrorTable.of(e).status(), e.getMessage()));
    }
  }

  private JsonNode parse(String text) {
    try {
      JsonNode node = json.readTree(text);
      return node != null && node.isObject() ? node : null;
    } catch (Exception e) {
      return null;
    }
  }

  /** The error frame of API.md: {"type":"error","status":...,"detail":...}. */
  private String error(int status, String detail) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("type", "error");
    e.put("status", status);
    e.put("detail", detail);
    return Json.write(json, e);
  }
}
