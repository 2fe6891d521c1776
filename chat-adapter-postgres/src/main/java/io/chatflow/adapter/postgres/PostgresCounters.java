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
 * Counters in {@code limit_counters} and token buckets in {@code rate_buckets}, one upsert per
 * add or take (the row lock makes it atomic across nodes). Every {@link #SWEEP_EVERY}th add or
 * take also deletes a few rows that ended (a window over, a bucket full again), so a flood of
 * keys cannot grow a table without end.
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
  // A bucket needs no durability (a crash forgets a few permits at worst), so its statements
  // commit with synchronous_commit off (local to their own one-statement transaction): a write's
  // take does not wait for a WAL flush of its own. A new bucket admits (the caller makes sure a
  // bucket holds a permit).
  private static final String TAKE = """
      WITH p AS (SELECT ?::text AS key, ?::bigint AS at, ?::bigint AS step, ?::bigint AS tolerance,
                        set_config('synchronous_commit', 'off', true))
      INSERT INTO rate_buckets AS b (key, full_at, admitted)
      SELECT key, at + step, true FROM p
      ON CONFLICT (key) DO UPDATE SET (full_at, admitted) = (
        SELECT CASE WHEN fits THEN next ELSE b.full_at END, fits
        FROM (SELECT greatest(b.full_at, p.at) + p.step AS next,
                     greatest(b.full_at, p.at) + p.step - p.at <= p.tolerance AS fits FROM p) t)
      RETURNING full_at, admitted""";
  private static final String GIVE_BACK = """
      UPDATE rate_buckets SET full_at = full_at - ?
      FROM (SELECT set_config('synchronous_commit', 'off', true)) fast WHERE key = ?""";
  private static final String SWEEP_BUCKETS = """
      DELETE FROM rate_buckets USING (SELECT set_config('synchronous_commit', 'off', true)) fast
      WHERE key IN (SELECT key FROM rate_buckets WHERE full_at <= ? ORDER BY full_at LIMIT 64 FOR UPDATE SKIP LOCKED)""";

  private final Database db;
  private final AtomicLong adds = new AtomicLong();
  private final AtomicLong takes = new AtomicLong();

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
        sweep(c, SWEEP, at);
      }
      return counted;
    } catch (SQLException e) {
      throw Failures.of(e);
    }
  }

  @Override
  public Duration take(String key, Duration interval, Duration burst, Instant now) {
    long step = Math.max(1, interval.toNanos());
    long tolerance = burst.toNanos();
    if (step > tolerance) {
      return Duration.ofNanos(step - tolerance); // a bucket that holds no permit
    }
    long at = Times.nanos(now);
    try (Connection c = db.borrow()) {
      long wait;
      try (PreparedStatement take = c.prepareStatement(TAKE)) {
        take.setString(1, key);
        take.setLong(2, at);
        take.setLong(3, step);
        take.setLong(4, tolerance);
        try (ResultSet rs = take.executeQuery()) {
          rs.next();
          wait = rs.getBoolean(2) ? 0 : rs.getLong(1) + step - at - tolerance;
        }
      }
      if (takes.incrementAndGet() % SWEEP_EVERY == 0) {
        sweep(c, SWEEP_BUCKETS, at);
      }
      return Duration.ofNanos(wait);
    } catch (SQLException e) {
      throw Failures.of(e);
    }
  }

  @Override
  public void giveBack(String key, Duration interval) {
    try (Connection c = db.borrow(); PreparedStatement giveBack = c.prepareStatement(GIVE_BACK)) {
      giveBack.setLong(1, Math.max(1, interval.toNanos()));
      giveBack.setString(2, key);
      giveBack.executeUpdate();
    } catch (SQLException e) {
      throw Failures.of(e);
    }
  }

  private static void sweep(Connection c, String sweep, long at) throws SQLException {
    try (PreparedStatement delete = c.prepareStatement(sweep)) {
      delete.setLong(1, at);
      delete.executeUpdate();
    }
  }
}
