package io.chatflow.adapter.http.live;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatflow.adapter.http.auth.Authenticator;
import io.chatflow.adapter.http.plumbing.Principal;
import io.chatflow.domain.GoneException;
import io.chatflow.domain.event.EventCursor;
import io.chatflow.domain.user.UserId;
import io.chatflow.ports.in.DeliveredEvent;
import io.undertow.websockets.core.WebSocketCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.IoUtils;
import org.xnio.XnioIoThread;

/**
 * One WebSocket's life and what goes out on it: events as JSON frames, flushed together,
 * the answers {@link ClientFrames} asks for, and the close. Close codes:
 * 1008 policy (bad first frame, too many sockets for the user, too many frames), 1009 frame too large,
 * 1011 server error, 1013 server full or the client too slow to read, 4001 the session ended (the client logs in or refreshes, then
 * resumes from its cursor), 4401 invalid token, 4410 cursor gone (resync).
 */
final class SocketClient extends LiveConnection {
  static final int POLICY = 1008;
  static final int TOO_BIG = 1009;
  static final int SERVER_ERROR = 1011;
  static final int TRY_LATER = 1013;
  static final int GOING_AWAY = 1001;
  static final int UNSUPPORTED = 1003;
  static final int SESSION_ENDED = 4001;
  static final int INVALID_TOKEN = 4401;
  static final int CURSOR_GONE = 4410;
  private static final Logger LOG = LoggerFactory.getLogger(SocketClient.class);
  private static final long DROP_GRACE_MS = 5_000;

  private final Authenticator authenticator;
  private final ObjectMapper json;
  private final WebSocketChannel channel;
  private final EventCursor after;
  private final SerialExecutor work;
  private final String address;
  private volatile UserId authenticated;

  SocketClient(LiveHub hub, Authenticator authenticator, ObjectMapper json, WebSocketChannel channel, EventCursor after,
      String address) {
    super(hub, "websocket");
    this.address = address;
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
  void open(Principal who) {
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
    channel.getReceiveSetter().set(new ClientFrames(this, authenticator, json, work));
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

  /** Takes a slot and subscribes for {@code who}; runs on a worker thread. */
  void begin(Principal who) {
    authenticated = who.user();
    UserId user = who.user();
    StreamLimits.Permit permit;
    try {
      permit = hub().limits().acquire(user);
    } catch (StreamLimits.Full e) {
      close(e.refusal == StreamLimits.Refusal.PER_USER ? POLICY : TRY_LATER, e.getMessage());
      return;
    }
    try {
      start(user, who.session(), who.expiresAt(), permit, after == null ? hub().events().head(user) : after);
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
  protected XnioIoThread ioThread() {
    return channel.getIoThread();
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

  /**
   * The close frame queues behind the backlog, so a client that reads again sees 1013 after
   * it; one that never does is cut after {@link #DROP_GRACE_MS}, its backlog freed with it.
   */
  @Override
  protected void dropSlow() {
    close(TRY_LATER, "too slow: resume from your last event id");
    channel.getIoThread().executeAfter(() -> IoUtils.safeClose(channel), DROP_GRACE_MS, TimeUnit.MILLISECONDS);
  }

  @Override
  void sessionEnded() {
    close(SESSION_ENDED, "session ended");
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

  /** Sends a pong or error frame, outside the event order. */
  void reply(String text) {
    WebSockets.sendText(text, channel, null);
  }

  /** The client's address key, for per-address limits. */
  String address() {
    return address;
  }

  UserId authenticated() {
    return authenticated;
  }
}
