package io.chatflow.adapter.postgres;

import io.chatflow.ports.in.Counters.Count;
import io.chatflow.ports.out.CounterStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters in {@code limit_counters}, one upsert per add (the row lock makes it atomic across
 * nodes). Every {@link #SWEEP_EVERY}th add also deletes a few rows whose window ended, so a
 * flood of keys cannot grow the table without end.
 */
final class PostgresCounters implements CounterStore {
  static final int SWEEP_EVERY = 32;
  private static final String ADD = """
      INSERT INTO limit_counters AS c (key, window_ends, value) VALUES (?, ?, GREATEST(0, ?))
      ON CONFLICT (key) DO UPDATE SET
        value = CASE WHEN c.window_ends <= ? THEN excluded.value ELSE GREATEST(0, c.value + ?) END,
        window_ends = CASE WHEN c.window_ends <= ? THEN excluded.window_ends ELSE c.window_ends END
      RETURNING value, window_ends""";
  // several nodes sweep at once: each takes rows no other is deleting
  private static final String SWEEP = """
      DELETE FROM limit_counters WHERE key IN (
        SELECT key FROM limit_counters WHERE window_ends <= ? ORDER BY window_ends LIMIT 64 FOR UPDATE SKIP LOCKED)""";

  private final Database db;
  private final AtomicLong adds = new AtomicLong();

  PostgresCounters(Database db) {
    this.db = db;
  }

  @Override
  public Count add(String key, long delta, Duration window, Instant now) {
    long at = Times.nanos(now);
    try (Connection c = db.borrow()) {
      Count counted;
      try (PreparedStatement add = c.prepareStatement(ADD)) {
        add.setString(1, key);
        add.setLong(2, Times.nanos(now.plus(window)));
        add.setLong(3, delta);
        add.setLong(4, at);
        add.setLong(5, delta);
        add.setLong(6, at);
        try (ResultSet rs = add.executeQuery()) {
          rs.next();
          counted = new Count(rs.getLong(1), Times.instant(rs.getLong(2)));
        }
      }
      if (adds.incrementAndGet() % SWEEP_EVERY == 0) {
        try (PreparedStatement sweep = c.prepareStatement(SWEEP)) {
          sweep.setLong(1, at);
          sweep.executeUpdate();
        }
      }
      return counted;
    } catch (SQLException e) {
      throw Failures.of(e);
    }
  }
}
