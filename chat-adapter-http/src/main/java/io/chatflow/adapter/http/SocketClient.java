package io.chatflow.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatflow.domain.ChatException;
import io.chatflow.domain.ForbiddenException;
import io.chatflow.domain.GoneException;
import io.chatflow.domain.InvalidException;
import io.chatflow.domain.NotFoundException;
import io.chatflow.domain.RateLimitedException;
import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.event.EventCursor;
import io.chatflow.domain.user.UserId;
import io.chatflow.ports.in.DeliveredEvent;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedBinaryMessage;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.WebSocketCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;

/**
 * One WebSocket. Server frames are events as JSON (plus {"type":"pong"} and
 * {"type":"error"} answers); client frames are auth, ping and typing. Close codes:
 * 1008 policy (bad first frame, too many sockets for the user), 1009 frame too large,
 * 1011 server error, 1013 server full, 4401 invalid token or session ended, 4410 cursor gone (resync).
 */
final class SocketClient extends LiveConnection {
  static final int POLICY = 1008;
  static final int TOO_BIG = 1009;
  static final int SERVER_ERROR = 1011;
  static final int TRY_LATER = 1013;
  static final int GOING_AWAY = 1001;
  static final int UNSUPPORTED = 1003;
  static final int INVALID_TOKEN = 4401;
  static final int CURSOR_GONE = 4410;
  private static final Logger LOG = LoggerFactory.getLogger(SocketClient.class);
  private static final String PONG = "{\"type\":\"pong\"}";
  private static final String PING = "{\"type\":\"ping\"}";

  private final Authenticator authenticator;
  private final ObjectMapper json;
  private final WebSocketChannel channel;
  private final EventCursor after;
  private final SerialExecutor work;
  private volatile UserId authenticated;

  SocketClient(LiveHub hub, Authenticator authenticator, ObjectMapper json, WebSocketChannel channel, EventCursor after) {
    super(hub, "websocket");
    this.authenticator = authenticator;
    this.json = json;
    this.channel = channel;
    this.after = after;
    this.work = new SerialExecutor(channel.getWorker());
  }

  /**
   * Called right after the upgrade, on the thread that finished the handshake (a worker).
   * Frames may be read from the moment receives resume, so a token from the query is
   * known before that: a ping sent at once must not count as a missing auth frame.
   */
  void open(AccessTokens.Principal who) {
    channel.setIdleTimeout(hub().settings().idleTimeout().toMillis());
    channel.addCloseTask(c -> stop());
    if (!channel.isOpen()) {
      // reset during the handshake: Undertow calls back anyway, but will never run the close task
      stop();
      return;
    }
    if (who != null) {
      authenticated = who.user();
    }
    channel.getReceiveSetter().set(new Frames());
    channel.resumeReceives();
    if (who != null) {
      work.execute(() -> begin(who));
    } else {
      channel.getIoThread().executeAfter(() -> {
        if (authenticated == null && channel.isOpen()) {
          close(POLICY, "no auth frame in time");
        }
      }, hub().settings().authTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** Takes a slot and subscribes; runs on a worker thread. */
  private void begin(AccessTokens.Principal who) {
    UserId user = who.user();
    StreamLimits.Permit permit;
    try {
      permit = hub().limits().acquire(user);
    } catch (StreamLimits.Full e) {
      close(e.refusal == StreamLimits.Refusal.PER_USER ? POLICY : TRY_LATER, e.getMessage());
      return;
    }
    try {
      start(user, who.session(), permit, after == null ? hub().events().head(user) : after);
    } catch (GoneException e) {
      stop();
      close(CURSOR_GONE, "cursor gone: resync from the message lists");
    } catch (RuntimeException e) {
      LOG.warn("websocket of user {} failed to start: {}", user, e.toString());
      stop();
      close(SERVER_ERROR, "server error");
    }
  }

  @Override
  protected Executor eventLoop() {
    return this::inOneWrite;
  }

  /**
   * Runs a feed's deliveries on the socket's I/O thread with their frames flushed together:
   * events that queued up while the thread was busy go out in one write, not one each.
   */
  private void inOneWrite(Runnable deliveries) {
    channel.getIoThread().execute(() -> {
      channel.setRequireExplicitFlush(true);
      try {
        deliveries.run();
      } finally {
        channel.setRequireExplicitFlush(false);
        channel.flush();
      }
    });
  }

  @Override
  protected void send(DeliveredEvent event, EventWire.Text text, Done done) {
    // the UTF-8 bytes are encoded once per event and shared by every recipient
    WebSockets.sendText(ByteBuffer.wrap(text.utf8()).asReadOnlyBuffer(), channel, new WebSocketCallback<Void>() {
      @Override
      public void complete(WebSocketChannel c, Void context) {
        done.sent(true);
      }

      @Override
      public void onError(WebSocketChannel c, Void context, Throwable throwable) {
        done.sent(false);
      }
    });
  }

  @Override
  protected void dropSlow() {
    // The send queue is what is full: a close frame would wait behind it. Cut the connection.
    IoUtils.safeClose(channel);
  }

  @Override
  void sessionEnded() {
    close(INVALID_TOKEN, "session ended");
  }

  @Override
  void shutdown() {
    stop();
    close(GOING_AWAY, "server shutting down");
  }

  void close(int code, String reason) {
    stop();
    if (!channel.isOpen() || channel.isCloseFrameSent()) {
      return;
    }
    WebSockets.sendClose(code, reason, channel, new WebSocketCallback<Void>() {
      @Override
      public void complete(WebSocketChannel c, Void context) {
        // the peer answers with its close frame; the idle timeout ends a peer that never does
      }

      @Override
      public void onError(WebSocketChannel c, Void context, Throwable throwable) {
        IoUtils.safeClose(c);
      }
    });
  }

  private void onFrame(String text) {
    if (stopped()) {
      return; // refused or closed: frames that were already queued do nothing
    }
    JsonNode frame = SocketEndpoint.parse(json, text);
    String type = frame == null ? null : frame.path("type").asText(null);
    UserId user = authenticated;
    if (user == null) {
      if (!"auth".equals(type) || !frame.path("token").isTextual()) {
        close(POLICY, "the first frame must be {\"type\":\"auth\",\"token\":...}");
        return;
      }
      AccessTokens.Principal who;
      try {
        who = authenticator.authenticate(frame.get("token").asText());
      } catch (RuntimeException e) {
        close(INVALID_TOKEN, "invalid token");
        return;
      }
      authenticated = who.user();
      begin(who);
      return;
    }
    if (type == null) {
      reply(error(400, "frames are JSON objects with a type"));
      return;
    }
    switch (type) {
      case "ping" -> reply(PONG);
      case "typing" -> typing(user, frame.path("conversationId"));
      case "auth" -> reply(error(400, "already authenticated"));
      default -> reply(error(400, "unknown frame type " + type));
    }
  }

  private void typing(UserId user, JsonNode conversation) {
    if (!conversation.isTextual()) {
      reply(error(400, "typing needs a conversationId"));
      return;
    }
    try {
      hub().messaging().typing(user, new ConversationId(conversation.asText()));
    } catch (ChatException e) {
      reply(error(statusOf(e), e.getMessage()));
    }
  }

  private static int statusOf(ChatException e) {
    if (e instanceof NotFoundException) {
      return 404;
    } else if (e instanceof ForbiddenException) {
      return 403;
    } else if (e instanceof InvalidException) {
      return 422;
    } else if (e instanceof RateLimitedException) {
      return 429;
    }
    return 400;
  }

  private String error(int status, String detail) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("type", "error");
    e.put("status", status);
    e.put("detail", detail);
    return Json.write(json, e);
  }

  private void reply(String text) {
    WebSockets.sendText(text, channel, null);
  }

  /** Reads client frames on the I/O thread; the work they ask for runs in order on a worker. */
  private final class Frames extends AbstractReceiveListener {
    @Override
    protected long getMaxTextBufferSize() {
      return hub().settings().frameLimitBytes();
    }

    @Override
    protected long getMaxBinaryBufferSize() {
      return hub().settings().frameLimitBytes();
    }

    @Override
    protected void onFullTextMessage(WebSocketChannel c, BufferedTextMessage message) {
      String text = message.getData();
      if (authenticated != null && PING.equals(text) && work.idle()) {
        reply(PONG); // the common keep-alive, answered on the I/O thread when no earlier frame waits
        return;
      }
      work.execute(() -> onFrame(text));
    }

    @Override
    protected void onFullBinaryMessage(WebSocketChannel c, BufferedBinaryMessage message) {
      message.getData().free();
      close(UNSUPPORTED, "binary frames are not supported");
    }

    @Override
    protected void onError(WebSocketChannel c, Throwable error) {
      if (String.valueOf(error.getMessage()).contains("UT002040")) {
        close(TOO_BIG, "frame over " + hub().settings().frameLimitBytes() + " bytes");
        return;
      }
      stop();
      super.onError(c, error);
    }
  }
}
