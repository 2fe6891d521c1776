package io.chatflow.adapter.postgres;

import io.chatflow.domain.user.UserId;
import io.chatflow.ports.out.ClusterBus;
import io.chatflow.ports.out.Delivery;
import io.chatflow.ports.out.SessionsEnded;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster bus on PostgreSQL's LISTEN/NOTIFY, on two connections of its own outside the
 * pool: one LISTENs (a thread waits on it for notifications), one sends ({@link BusSender}).
 * A listening connection that breaks is opened again, and then the receiver resyncs (notices
 * sent meanwhile are lost). Every two seconds the listener also reads the log's head: a head
 * that stays above every position the bus has carried means a notice was lost (a node died
 * between its commit and its NOTIFY), and the receiver resyncs.
 */
public final class PostgresBus implements ClusterBus {
  private static final Logger log = LoggerFactory.getLogger(PostgresBus.class);
  private static final long HEARTBEAT_NANOS = TimeUnit.SECONDS.toNanos(2);

  private final PostgresSettings settings;
  private final String node = UUID.randomUUID().toString().substring(0, 8);
  private final String channel;
  private final BusSender sender;
  private final AtomicBoolean started = new AtomicBoolean();
  private final CountDownLatch firstListen = new CountDownLatch(1);
  private volatile Receiver receiver;
  private volatile boolean listening;
  private volatile boolean closed;
  /** The highest position a wake-up on the bus named (this node's too). */
  private volatile long heard;
  private volatile Connection listenConnection;
  private Thread listener;

  PostgresBus(PostgresSettings settings) {
    this.settings = settings;
    this.channel = "chatflow_" + settings.schema().substring(0, Math.min(settings.schema().length(), 54));
    this.sender = new BusSender(settings, node, channel);
  }

  /** This node's id on the bus (in its log lines and notices). */
  public String node() {
    return node;
  }

  @Override
  public void feedsAdvanced(Set<UserId> users, long position) {
    sender.wakeUp(users, position); // with no users too: it tells the others how far the log is
  }

  @Override
  public void sessionsEnded(SessionsEnded ended) {
    sender.notice(BusNotices.sessionsEnded(node, ended));
  }

  @Override
  public void ephemeral(Delivery delivery) {
    BusNotices.ephemeral(node, delivery).forEach(sender::notice);
  }

  @Override
  public void start(Receiver receiver) {
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("the bus is started already");
    }
    this.receiver = receiver;
    listener = BusConnections.daemon("chatflow-bus-listen", this::listenLoop);
    sender.start();
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
    sender.close(); // after sending what is queued
    closed = true;
    BusConnections.closeQuietly(listenConnection);
    BusConnections.join(listener);
  }

  private void listenLoop() {
    long backoff = BusConnections.FIRST_BACKOFF_MS;
    while (!closed) {
      try (Connection c = BusConnections.open(settings, "chatflow-bus")) {
        listenConnection = c;
        try (Statement s = c.createStatement()) {
          s.execute("LISTEN \"" + channel + "\"");
        }
        // the resync below reads everything up to here: only a head that runs ahead later means a lost notice
        heard = Math.max(heard, head(c));
        listening = true;
        firstListen.countDown();
        backoff = BusConnections.FIRST_BACKOFF_MS;
        log.info("event=bus_listening node={} channel={}", node, channel);
        receiver.resync(); // whatever was sent while no one listened is read from the log
        waitForNotices(c);
      } catch (SQLException | RuntimeException e) {
        listening = false;
        if (closed) {
          return;
        }
        log.warn("event=bus_listen_lost node={} retry_ms={} error=\"{}\"", node, backoff, e.toString());
        BusConnections.pause(backoff);
        backoff = BusConnections.nextBackoff(backoff);
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

}
