package io.chatflow.adapter.http.live;

import io.chatflow.adapter.http.plumbing.Call;
import io.chatflow.adapter.http.plumbing.HttpProblem;
import io.chatflow.adapter.http.plumbing.Reply;
import io.chatflow.domain.event.EventCursor;
import io.chatflow.domain.user.UserId;
import io.chatflow.ports.in.DeliveredEvent;
import io.undertow.server.AbstractServerConnection;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.sse.ServerSentEventConnection;
import io.undertow.server.handlers.sse.ServerSentEventHandler;
import io.undertow.util.Headers;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.xnio.IoUtils;
import org.xnio.XnioIoThread;
import org.xnio.channels.StreamSourceChannel;

/**
 * GET /api/v1/events/stream: the event feed as Server-Sent Events. Frames are written
 * by Undertow's non-blocking SSE connection; nothing waits on a worker thread.
 */
public final class StreamEndpoint {
  static final String LAST_EVENT_ID = "Last-Event-ID";

  private final LiveHub hub;

  public StreamEndpoint(LiveHub hub) {
    this.hub = hub;
  }

  public Reply stream(Call call) throws Exception {
    UserId user = call.user();
    EventCursor after = resumeFrom(call, hub, user);
    StreamLimits.Permit permit = acquire(hub, user);
    HttpServerExchange exchange = call.exchange();
    SseClient client = new SseClient(hub, exchange.getIoThread());
    try {
      // Subscribing here, before any byte is sent, lets a gone cursor still be a 410.
      client.start(user, call.session(), call.expiresAt(), permit, after);
    } catch (RuntimeException e) {
      client.stop();
      throw e;
    }
    exchange.addExchangeCompleteListener((ex, next) -> {
      client.stop();
      next.proceed();
    });
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-cache, no-store");
    exchange.getResponseHeaders().put(Headers.X_CONTENT_TYPE_OPTIONS, "nosniff");
    new ServerSentEventHandler((connection, lastEventId) -> {
      client.attach(connection);
      closeOnHangUp(exchange, connection);
    }).handleRequest(exchange);
    return Reply.DETACHED;
  }

  /**
   * A client that goes away is noticed now, not at the second write after it (Undertow
   * only writes to the stream): its end of the socket reads as end-of-stream.
   */
  private static void closeOnHangUp(HttpServerExchange exchange, ServerSentEventConnection connection) {
    if (!(exchange.getConnection() instanceof AbstractServerConnection http)) {
      return; // HTTP/1.1 is all this server speaks
    }
    StreamSourceChannel source = http.getChannel().getSourceChannel();
    source.getReadSetter().set(channel -> {
      ByteBuffer scrap = ByteBuffer.allocate(256); // a client has nothing to say on a stream
      try {
        int read;
        do {
          scrap.clear();
          read = channel.read(scrap);
        } while (read > 0);
        if (read < 0) {
          IoUtils.safeClose(connection);
        }
      } catch (IOException e) {
        IoUtils.safeClose(connection);
      }
    });
    source.resumeReads();
  }

  /** Last-Event-ID wins over ?after=; with neither, the stream starts live from now. */
  static EventCursor resumeFrom(Call call, LiveHub hub, UserId user) {
    String header = call.header(LAST_EVENT_ID);
    if (header != null && !header.isBlank()) {
      return EventCursor.parse(header.trim(), LAST_EVENT_ID);
    }
    String after = call.query("after");
    return after == null ? hub.events().head(user) : EventCursor.parse(after, "after");
  }

  static StreamLimits.Permit acquire(LiveHub hub, UserId user) {
    try {
      return hub.limits().acquire(user);
    } catch (StreamLimits.Full e) {
      throw tooMany(e);
    }
  }

  static HttpProblem tooMany(StreamLimits.Full e) {
    return new HttpProblem(429, e.getMessage() + "; close another or retry later", Map.of("Retry-After", "10"));
  }

  /** One SSE client: events queue here until Undertow has the connection set up, then go straight to it. */
  private static final class SseClient extends LiveConnection {
    private final XnioIoThread ioThread;
    private List<Runnable> early = new ArrayList<>();
    private ServerSentEventConnection connection;

    SseClient(LiveHub hub, XnioIoThread ioThread) {
      super(hub, "sse");
      this.ioThread = ioThread;
    }

    @Override
    protected XnioIoThread ioThread() {
      return ioThread;
    }

    @Override
    protected Executor eventLoop() {
      return ioThread;
    }

    void attach(ServerSentEventConnection c) {
      c.setKeepAliveTime(hub().settings().heartbeat().toMillis());
      c.addCloseTask(closed -> stop());
      synchronized (this) {
        connection = c;
        // Under the lock, so that a live event cannot overtake the queued ones.
        early.forEach(Runnable::run);
        early = null;
      }
      if (stopped()) {
        IoUtils.safeClose(c);
      }
    }

    @Override
    protected synchronized void send(DeliveredEvent event, EventWire.Text text, Done done) {
      if (connection == null) {
        early.add(() -> send(event, text, done));
        return;
      }
      connection.send(text.json(), event.type().wireName(), event.id().toString(), new ServerSentEventConnection.EventCallback() {
        @Override
        public void done(ServerSentEventConnection conn, String data, String type, String id) {
          done.sent(true);
        }

        @Override
        public void failed(ServerSentEventConnection conn, String data, String type, String id, IOException e) {
          done.sent(false);
        }
      });
    }

    @Override
    protected void dropSlow() {
      closeNow();
    }

    @Override
    void shutdown() {
      stop();
      closeNow();
    }

    @Override
    void sessionEnded() {
      shutdown();
    }

    private void closeNow() {
      ServerSentEventConnection c;
      synchronized (this) {
        c = connection;
      }
      if (c != null) {
        IoUtils.safeClose(c);
      }
    }
  }
}
