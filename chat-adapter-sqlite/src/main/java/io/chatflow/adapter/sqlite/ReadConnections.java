package io.chatflow.adapter.sqlite;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The small read-only pool, and the prepared statements of each of its connections, kept for
 * the connection's life: preparing anew on every read cost the posters more than the read.
 */
final class ReadConnections implements AutoCloseable {
  private final HikariDataSource readers;
  private final Map<Connection, Map<String, PreparedStatement>> statements = new ConcurrentHashMap<>();

  ReadConnections(SqliteSettings settings) {
    this.readers = DataSources.pool(settings, "chatflow-sqlite-readers", settings.readers(), true);
  }

  void trackPool(MetricsTrackerFactory metrics) {
    readers.setMetricsTrackerFactory(metrics);
  }

  /** Runs {@code use} on a pooled connection's statements, then gives the connection back. */
  <T> T with(Function<Statements, T> use) {
    try (Connection pooled = readers.getConnection()) {
      // statements on the connection itself, not the pool's proxy, which would close them on return
      Connection connection = pooled.unwrap(org.sqlite.SQLiteConnection.class);
      Map<String, PreparedStatement> kept = statements.get(connection);
      if (kept == null) {
        // a new connection: the pool may have dropped one, whose statements would stay here
        forgetClosed();
        kept = statements.computeIfAbsent(connection, c -> new HashMap<>());
      }
      return use.apply(new Statements(connection, kept));
    } catch (SQLException e) {
      throw Statements.failure(e);
    }
  }

  private void forgetClosed() {
    statements.keySet().removeIf(connection -> {
      try {
        return connection.isClosed();
      } catch (SQLException e) {
        return true;
      }
    });
  }

  /** Read connections that have prepared statements (for tests). */
  int withStatements() {
    return statements.size();
  }

  /** Drops an idle read connection, as the pool does with one it finds broken; returns it unwrapped (for tests). */
  Connection evictOne() throws SQLException {
    try (Connection pooled = readers.getConnection()) {
      readers.evictConnection(pooled);
      return pooled.unwrap(org.sqlite.SQLiteConnection.class);
    }
  }

  @Override
  public void close() {
    statements.values().forEach(Statements::closeAll);
    statements.clear();
    readers.close();
  }
}
