package io.chatflow.adapter.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** The bus's connections, opened outside the pool, and the threads that wait on them. */
final class BusConnections {
  static final long FIRST_BACKOFF_MS = 50;
  static final long MAX_BACKOFF_MS = 2_000;

  private BusConnections() {}

  /** A connection of its own; a socket timeout ends a read from a half-open connection. */
  static Connection open(PostgresSettings settings, String name) throws SQLException {
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

  static long nextBackoff(long backoff) {
    return Math.min(backoff * 2, MAX_BACKOFF_MS);
  }

  static Thread daemon(String name, Runnable loop) {
    Thread t = new Thread(loop, name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  static void pause(long ms) {
    try {
      Thread.sleep(ms); // a back-off before reconnecting: nothing to wait on but time
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static void join(Thread t) {
    if (t != null) {
      try {
        t.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  static void closeQuietly(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // it is being dropped anyway
      }
    }
  }
}
