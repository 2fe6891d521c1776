package io.chatflow.adapter.postgres;

import io.chatflow.domain.user.UserId;
import io.chatflow.ports.out.ClusterBus;
import io.chatflow.ports.out.Delivery;
import io.chatflow.ports.out.SessionsEnded;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster bus on PostgreSQL's LISTEN/NOTIFY, on two connections of its own outside the
 * pool: one LISTENs (a thread waits on it for notifications), one sends (a thread drains the
 * outbox, merging the wake-ups queued meanwhile into as few NOTIFYs as fit). Either connection
 * that breaks is opened again; after the listening one is back the receiver resyncs (notices
 * sent meanwhile are lost), and a send that failed is sent again on the new connection. Every
 * two seconds the listener also reads the log's head: a head that stays above every position
 * the bus has carried means a notice was lost (a node died between its commit and its NOTIFY),
 * and the receiver resyncs.
 */
public final class PostgresBus implements ClusterBus {
  private static final Logger log = LoggerFactory.getLogger(PostgresBus.class);
  private static final int OUTBOX = 100_000;
  private static final long HEARTBEAT_NANOS = TimeUnit.SECONDS.toNanos(2);
  private static final long MAX_BACKOFF_MS = 2_000;

  private final PostgresSettings settings;
  private final String node = UUID.randomUUID().toString().substring(0, 8);
  private final String channel;
  private final BlockingQueue<Object> outbox = new ArrayBlockingQueue<>(OUTBOX);
  private final AtomicBoolean overflowed = new AtomicBoolean();
  private final AtomicBoolean started = new AtomicBoolean();
  private final CountDownLatch firstListen = new CountDownLatch(1);
  private volatile Receiver receiver;
  private volatile boolean listening;
  private volatile boolean stopping;
  private volatile boolean closed;
  /** The highest position a wake-up on the bus named (this node's too). */
  private volatile long heard;
  private volatile Connection listenConnection;
  private volatile Connection sendConnection;
  private Thread listener;
  private Thread sender;

  PostgresBus(PostgresSettings settings) {
    this.settings = settings;
    this.channel = "chatflow_" + settings.schema().substring(0, Math.min(settings.schema().length(), 54));
  }

  /** This node's id on the bus (in its log lines and notices). */
  public String node() {
    return node;
  }

  @Override
  public void feedsAdvanced(Set<UserId> users, long position) {
    queue(new WakeUp(users, position)); // with no users too: it tells the others how far the log is
  }

  @Override
  public void sessionsEnded(SessionsEnded ended) {
    queue(BusNotices.sessionsEnded(node, ended));
  }

  @Override
  public void ephemeral(Delivery delivery) {
    BusNotices.ephemeral(node, delivery).forEach(this::queue);
  }

  private void queue(Object notice) {
    if (closed) {
      return;
    }
    if (!outbox.offer(notice)) {
      overflowed.set(true); // the others resync instead: what did not fit is in the log
    }
  }

  @Override
  public void start(Receiver receiver) {
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("the bus is started already");
    }
    this.receiver = receiver;
    listener = daemon("chatflow-bus-listen", this::listenLoop);
    sender = daemon("chatflow-bus-send", this::sendLoop);
    try {
      // a node that starts while the database is up starts ready; otherwise it gets ready when the bus is back
      firstListen.await(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Listening now; a bus that was never started has nothing to carry and counts as reachable. */
  @Override
  public boolean reachable() {
    return !closed && (listening || !started.get());
  }

  @Override
  public void close() {
    stopping = true; // the sender sends what is queued, then ends
    join(sender);
    closed = true;
    if (sender != null) {
      sender.interrupt();
    }
    closeQuietly(listenConnection);
    join(listener);
    closeQuietly(sendConnection);
  }

  private void listenLoop() {
    long backoff = 50;
    while (!closed) {
      try (Connection c = connect("chatflow-bus")) {
        listenConnection = c;
        try (Statement s = c.createStatement()) {
          s.execute("LISTEN \"" + channel + "\"");
        }
        // the resync below reads everything up to here: only a head that runs ahead later means a lost notice
        heard = Math.max(heard, head(c));
        listening = true;
        firstListen.countDown();
        backoff = 50;
        log.info("event=bus_listening node={} channel={}", node, channel);
        receiver.resync(); // whatever was sent while no one listened is read from the log
        waitForNotices(c);
      } catch (SQLException | RuntimeException e) {
        listening = false;
        if (closed) {
          return;
        }
        log.warn("event=bus_listen_lost node={} retry_ms={} error=\"{}\"", node, backoff, e.toString());
        pause(backoff);
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
      }
    }
    listening = false;
  }

  private void waitForNotices(Connection c) throws SQLException {
    PGConnection pg = c.unwrap(PGConnection.class);
    long checked = System.nanoTime();
    long suspect = -1;
    while (!closed) {
      PGNotification[] notices = pg.getNotifications(500);
      if (notices != null) {
        for (PGNotification n : notices) {
          handle(n.getParameter());
        }
      }
      if (System.nanoTime() - checked > HEARTBEAT_NANOS) {
        // a half-open connection raises nothing while it waits: a query finds out
        long head = head(c);
        if (head <= heard) {
          suspect = -1;
        } else if (suspect >= 0 && head >= suspect) {
          log.info("event=bus_resync node={} head={} heard={}", node, head, heard);
          heard = head;
          suspect = -1;
          receiver.resync();
        } else {
          suspect = head; // a notice may still be on its way: lost only if it is still missing next time
        }
        checked = System.nanoTime();
      }
    }
  }

  private static long head(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); var rs = s.executeQuery("SELECT position FROM event_clock WHERE id = 1")) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  private void handle(String payload) {
    try {
      long position = BusNotices.position(payload);
      if (position > heard) {
        heard = position;
      }
      BusNotices.dispatch(payload, node, receiver);
    } catch (RuntimeException e) {
      log.warn("event=bus_notice_dropped node={} error=\"{}\"", node, e.toString());
    }
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
    long backoff = 50;
    while (!closed) {
      try {
        Connection c = sendConnection;
        if (c == null || c.isClosed()) {
          c = connect("chatflow-bus-send");
          sendConnection = c;
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
        closeQuietly(sendConnection);
        sendConnection = null;
        log.warn("event=bus_send_failed node={} notices={} retry_ms={} error=\"{}\"", node, payloads.size(), backoff,
            e.toString());
        Thread.sleep(backoff);
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
      }
    }
  }

  private Connection connect(String name) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", settings.user());
    p.setProperty("password", settings.password());
    p.setProperty("ApplicationName", name);
    p.setProperty("currentSchema", settings.schema());
    p.setProperty("connectTimeout", String.valueOf(Math.max(1, settings.connectTimeout().toSeconds())));
    p.setProperty("socketTimeout", "10");
    p.setProperty("tcpKeepAlive", "true");
    Connection c = DriverManager.getConnection(settings.url(), p);
    c.setAutoCommit(true);
    return c;
  }

  private static Thread daemon(String name, Runnable loop) {
    Thread t = new Thread(loop, name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static void pause(long ms) {
    try {
      Thread.sleep(ms); // a back-off before reconnecting: nothing to wait on but time
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void join(Thread t) {
    if (t != null) {
      try {
        t.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void closeQuietly(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // it is being dropped anyway
      }
    }
  }

  private record WakeUp(Set<UserId> users, long position) {}
}
