package io.chatflow.adapter.http.live;

import io.chatflow.adapter.http.ops.Metrics;
import io.chatflow.adapter.http.plumbing.Call;
import io.chatflow.adapter.http.plumbing.Reply;
import io.chatflow.adapter.http.plumbing.ReplyWriter;
import io.chatflow.adapter.http.plumbing.Responses;
import io.chatflow.domain.InvalidException;
import io.chatflow.domain.Limit;
import io.chatflow.adapter.http.plumbing.BadToken;
import io.chatflow.domain.event.EventCursor;
import io.chatflow.domain.user.SessionId;
import io.chatflow.domain.user.UserId;
import io.chatflow.ports.in.DeliveredEvent;
import io.chatflow.ports.in.EventBatch;
import io.chatflow.ports.in.Events;
import io.chatflow.ports.in.Presence;
import io.chatflow.ports.in.Sessions;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.ServerConnection;
import io.undertow.util.AttachmentKey;
import io.undertow.util.SameThreadExecutor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.xnio.XnioExecutor;

/**
 * GET /api/v1/events: short and long polling. A long poll holds no worker thread while
 * it waits: the exchange is parked on a subscription and a timer of its I/O thread. When
 * its session ends meanwhile, it is answered 401 at once (the events it held are not lost:
 * its cursor did not move).
 */
public final class EventEndpoints {
  static final int MAX_WAIT_SECONDS = 60;

  private final Events events;
  private final Presence presence;
  private final Sessions sessions;
  private final ReplyWriter writer;
  private final Metrics metrics;
  private final Set<LongPoll> waiting = ConcurrentHashMap.newKeySet();

  private final Clock clock;

  public EventEndpoints(Events events, Presence presence, Sessions sessions, ReplyWriter writer, Metrics metrics,
      Clock clock) {
    this.clock = clock;
    this.events = events;
    this.presence = presence;
    this.sessions = sessions;
    this.writer = writer;
    this.metrics = metrics;
  }

  public Reply poll(Call call) {
    String after = call.query("after");
    Integer wait = call.intQuery("wait");
    int limit = Limit.of(call.intQuery("limit")).value();
    int seconds = wait == null ? 0 : wait;
    if (seconds < 0 || seconds > MAX_WAIT_SECONDS) {
      throw InvalidException.of("wait", "must be 0 to " + MAX_WAIT_SECONDS);
    }
    UserId user = call.user();
    if (after == null) {
      return Reply.ok(new Responses.EventBatchJson(List.of(), events.head(user).toString()));
    }
    EventCursor cursor = EventCursor.parse(after, "after");
    EventBatch batch = events.read(user, cursor, limit);
    if (!batch.events().isEmpty() || seconds == 0) {
      metrics.delivered(batch.events().size());
      return Reply.ok(Responses.EventBatchJson.from(batch, user));
    }
    new LongPoll(call.exchange(), user, call.session(), cursor, limit).park(seconds, call.expiresAt());
    return Reply.DETACHED;
  }

  /** On shutdown: answer every waiting poll now (with what it has) rather than at the end of its wait. */
  public void answerAllWaiting() {
    for (LongPoll poll : waiting) {
      poll.worker.execute(poll::answer);
    }
  }

  /**
   * Ends the wait of a poll when Undertow sees its connection close. Undertow does not
   * read a parked connection, so a client that simply goes away is noticed only when
   * its wait ends. A connection carries one request at a time, so one close listener
   * per connection serves every poll made on it.
   */
  private static final class DroppedConnection {
    private static final AttachmentKey<DroppedConnection> KEY = AttachmentKey.create(DroppedConnection.class);
    volatile LongPoll current;

    static DroppedConnection of(ServerConnection connection) {
      synchronized (connection) {
        DroppedConnection holder = connection.getAttachment(KEY);
        if (holder == null) {
          DroppedConnection created = new DroppedConnection();
          connection.putAttachment(KEY, created);
          connection.addCloseListener(c -> {
            LongPoll poll = created.current;
            if (poll != null) {
              poll.finish();
            }
          });
          holder = created;
        }
        return holder;
      }
    }

    void done(LongPoll poll) {
      if (current == poll) {
        current = null;
      }
    }
  }

  /** One waiting request: answered by the first events to arrive, by its timer, or dropped on disconnect. */
  private final class LongPoll {
    private final HttpServerExchange exchange;
    private final UserId user;
    private final SessionId session;
    private final EventCursor cursor;
    private final int limit;
    private final Executor worker;
    private final List<DeliveredEvent> received = new ArrayList<>();
    private boolean finished;
    /** Counted as waiting (in /metrics): from when its subscription listens, so a count seen means events reach it. */
    private boolean counted;
    private Events.Subscription subscription;
    private Sessions.Watch watch;
    private XnioExecutor.Key timer;

    LongPoll(HttpServerExchange exchange, UserId user, SessionId session, EventCursor cursor, int limit) {
      this.exchange = exchange;
      this.user = user;
      this.session = session;
      this.cursor = cursor;
      this.limit = limit;
      this.worker = exchange.getConnection().getWorker();
    }

    /** Waits up to {@code seconds}, or until the access token expires (then 401: refresh and poll again). */
    void park(int seconds, Instant tokenExpires) {
      long waitMs = seconds * 1000L;
      long untilExpiry = Math.max(0, Duration.between(clock.instant(), tokenExpires).toMillis());
      boolean expiresFirst = untilExpiry < waitMs;
      waiting.add(this);
      // A waiting poll is a live connection: its user stays online while it waits.
      presence.connected(user);
      exchange.dispatch(SameThreadExecutor.INSTANCE, () -> {
        try {
          DroppedConnection.of(exchange.getConnection()).current = this;
          Events.Subscription s = events.subscribe(user, cursor, this::onEvent);
          XnioExecutor.Key t = exchange.getIoThread().executeAfter(
              expiresFirst ? this::tokenExpired : () -> worker.execute(this::answer),
              expiresFirst ? untilExpiry : waitMs, TimeUnit.MILLISECONDS);
          Sessions.Watch w = sessions.watch(user, session, this::sessionEnded);
          boolean late;
          synchronized (this) {
            subscription = s;
            timer = t;
            watch = w;
            late = finished;
            if (!late) {
              counted = true;
              metrics.clientWaiting();
            }
          }
          if (late) {
            s.close();
            t.remove();
            w.close();
          }
        } catch (RuntimeException e) {
          if (finish() != null) {
            worker.execute(() -> writer.fail(exchange, e));
          }
        }
      });
    }

    private void onEvent(DeliveredEvent event) {
      boolean first;
      synchronized (this) {
        if (finished || received.size() >= limit) {
          return;
        }
        received.add(event);
        first = received.size() == 1;
      }
      if (first) {
        worker.execute(this::answer);
      }
    }

    private void tokenExpired() {
      if (finish() != null) {
        worker.execute(() -> writer.fail(exchange, new BadToken("access token expired")));
      }
    }

    private void sessionEnded() {
      if (finish() != null) {
        worker.execute(() -> writer.fail(exchange, new BadToken("session ended")));
      }
    }

    private void answer() {
      List<DeliveredEvent> batch = finish();
      if (batch == null) {
        return;
      }
      EventCursor next = batch.isEmpty() ? cursor : batch.get(batch.size() - 1).id();
      metrics.delivered(batch.size());
      writer.writeOrFail(exchange, Reply.ok(Responses.EventBatchJson.from(new EventBatch(batch, next), user)));
    }

    /** Ends the wait once; returns what arrived, or null when it had already ended. */
    private List<DeliveredEvent> finish() {
      List<DeliveredEvent> batch;
      Events.Subscription s;
      XnioExecutor.Key t;
      Sessions.Watch w;
      boolean wasCounted;
      synchronized (this) {
        if (finished) {
          return null;
        }
        finished = true;
        wasCounted = counted;
        batch = List.copyOf(received);
        DroppedConnection.of(exchange.getConnection()).done(this);
        s = subscription;
        t = timer;
        w = watch;
      }
      if (s != null) {
        s.close();
      }
      if (w != null) {
        w.close();
      }
      if (t != null) {
        t.remove();
      }
      waiting.remove(this);
      presence.disconnected(user);
      if (wasCounted) {
        metrics.clientDone();
      }
      return batch;
    }
  }
}
