package io.chatflow.adapter.postgres;

import static io.chatflow.adapter.postgres.BusConnections.FIRST_BACKOFF_MS;

import io.chatflow.domain.user.UserId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sending half of {@link PostgresBus}: a bounded outbox that a thread drains, merging the
 * wake-ups queued meanwhile into as few NOTIFYs as fit, on a connection of its own that is opened
 * again when it breaks (a failed send is sent again on the new one). A full outbox drops what did
 * not fit and tells the others to resync: what it held is in the log.
 */
final class BusSender {
  private static final Logger log = LoggerFactory.getLogger(BusSender.class);
  private static final int OUTBOX = 100_000;

  private final PostgresSettings settings;
  private final String node;
  private final String channel;
  private final BlockingQueue<Object> outbox = new ArrayBlockingQueue<>(OUTBOX);
  private final AtomicBoolean overflowed = new AtomicBoolean();
  private volatile boolean stopping;
  private volatile boolean closed;
  private volatile Connection connection;
  private Thread thread;

  BusSender(PostgresSettings settings, String node, String channel) {
    this.settings = settings;
    this.node = node;
    this.channel = channel;
  }

  void wakeUp(Set<UserId> users, long position) {
    queue(new WakeUp(users, position));
  }

  void notice(String payload) {
    queue(payload);
  }

  private void queue(Object notice) {
    if (!closed && !outbox.offer(notice)) {
      overflowed.set(true); // the others resync instead: what did not fit is in the log
    }
  }

  void start() {
    thread = BusConnections.daemon("chatflow-bus-send", this::sendLoop);
  }

  /** Sends what is queued (for up to five seconds), then stops. */
  void close() {
    stopping = true;
    BusConnections.join(thread);
    closed = true;
    if (thread != null) {
      thread.interrupt();
    }
    BusConnections.closeQuietly(connection);
  }

  private void sendLoop() {
    List<Object> batch = new ArrayList<>();
    while (!closed) {
      try {
        Object first = outbox.poll(stopping ? 0 : 100, TimeUnit.MILLISECONDS);
        if (first == null && !overflowed.get()) {
          if (stopping) {
            return;
          }
          continue;
        }
        if (first != null) {
          batch.add(first);
        }
        outbox.drainTo(batch, 10_000);
        List<String> payloads = payloads(batch);
        batch.clear();
        sendUntilSent(payloads);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** The queued notices as payloads: wake-ups merged per user (the highest position), the rest in order. */
  private List<String> payloads(List<Object> batch) {
    List<String> out = new ArrayList<>();
    if (overflowed.getAndSet(false)) {
      out.add(BusNotices.resync(node));
    }
    Set<UserId> users = new LinkedHashSet<>();
    long upTo = 0;
    for (Object notice : batch) {
      if (notice instanceof WakeUp w) {
        users.addAll(w.users());
        upTo = Math.max(upTo, w.position());
      } else {
        out.add((String) notice);
      }
    }
    if (upTo > 0) {
      out.addAll(BusNotices.wakeUps(node, users, upTo));
    }
    return out;
  }

  private void sendUntilSent(List<String> payloads) throws InterruptedException {
    long backoff = FIRST_BACKOFF_MS;
    while (!closed) {
      try {
        Connection c = connection;
        if (c == null || c.isClosed()) {
          c = BusConnections.open(settings, "chatflow-bus-send");
          connection = c;
        }
        try (PreparedStatement notify = c.prepareStatement("SELECT pg_notify(?, ?)")) {
          for (String payload : payloads) {
            notify.setString(1, channel);
            notify.setString(2, payload);
            notify.addBatch();
          }
          notify.executeBatch();
        }
        return;
      } catch (SQLException e) {
        BusConnections.closeQuietly(connection);
        connection = null;
        log.warn("event=bus_send_failed node={} notices={} retry_ms={} error=\"{}\"", node, payloads.size(), backoff,
            e.toString());
        Thread.sleep(backoff);
        backoff = BusConnections.nextBackoff(backoff);
      }
    }
  }

  private record WakeUp(Set<UserId> users, long position) {}
}
