package io.chatflow.adapter.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's row in {@code nodes}: registered as the store opens, its heartbeat renewed every
 * {@link #HEARTBEAT} (with this node's presence), removed on a graceful close (its presence folded,
 * see {@link PostgresPresence}). A node whose
 * heartbeat is older than {@link #ALIVE_FOR} counts as gone: its connections no longer count.
 */
final class NodeRegistry implements AutoCloseable {
  static final Duration HEARTBEAT = Duration.ofSeconds(1);
  static final Duration ALIVE_FOR = Duration.ofSeconds(5);
  /** The rows of nodes that are up, for a query that joins {@code nodes n}. */
  static final String ALIVE = "n.seen_at > now() - interval '" + ALIVE_FOR.toSeconds() + " seconds'";
  private static final Logger log = LoggerFactory.getLogger(NodeRegistry.class);
  private static final String BEAT = "INSERT INTO nodes (id) VALUES (?) ON CONFLICT (id) DO UPDATE SET seen_at = now()";

  private final Database db;
  private final String node;
  private final PostgresPresence presence;
  private int beats;
  private final ScheduledExecutorService timer;
  private volatile boolean failing;

  NodeRegistry(Database db, String node, PostgresPresence presence) {
    this.db = db;
    this.node = node;
    this.presence = presence;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "chatflow-node-heartbeat");
      t.setDaemon(true);
      return t;
    });
    timer.scheduleWithFixedDelay(this::beat, 0, HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void beat() {
    try (Connection c = db.borrow(); PreparedStatement beat = c.prepareStatement(BEAT)) {
      beat.setString(1, node);
      beat.executeUpdate();
      presence.flush(c);
      if (++beats % 30 == 0) {
        retireDead(c);
      }
      if (failing) {
        failing = false;
        log.info("event=node_heartbeat_back node={}", node);
      }
    } catch (SQLException | RuntimeException e) {
      if (!failing) {
        failing = true; // one line when it starts failing, one when it is back
        log.warn("event=node_heartbeat_failed node={} error=\"{}\"", node, e.toString());
      }
    }
  }

  /** Folds the presence of nodes gone for a minute (they died without deregistering) and forgets them. */
  private static void retireDead(Connection c) throws SQLException {
    java.util.List<String> dead = new java.util.ArrayList<>();
    try (var find = c.createStatement();
        var rs = find.executeQuery("SELECT id FROM nodes WHERE seen_at < now() - interval '60 seconds'")) {
      while (rs.next()) {
        dead.add(rs.getString(1));
      }
    }
    if (!dead.isEmpty()) {
      PostgresPresence.fold(c, dead.toArray(String[]::new));
      try (PreparedStatement drop = c.prepareStatement("DELETE FROM nodes WHERE id = ANY (?)")) {
        drop.setArray(1, c.createArrayOf("text", dead.toArray()));
        drop.executeUpdate();
      }
      log.info("event=nodes_retired count={}", dead.size());
    }
  }

  /** Stops the heartbeat and deregisters: this node's connections stop counting at once. */
  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Connection c = db.borrow(); PreparedStatement row = c.prepareStatement("DELETE FROM nodes WHERE id = ?")) {
      presence.flush(c);
      PostgresPresence.fold(c, node);
      row.setString(1, node);
      row.executeUpdate();
    } catch (SQLException | RuntimeException e) {
      log.warn("event=node_deregister_failed node={} error=\"{}\"", node, e.toString());
    }
  }
}
