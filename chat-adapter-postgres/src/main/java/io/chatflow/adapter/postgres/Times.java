package io.chatflow.adapter.postgres;

import java.time.Instant;

/** Instants as BIGINT nanoseconds since the epoch: exact, and ordered as numbers. */
final class Times {
  private static final long NANOS = 1_000_000_000L;

  private Times() {}

  static long nanos(Instant at) {
    return Math.addExact(Math.multiplyExact(at.getEpochSecond(), NANOS), at.getNano());
  }

  static Instant instant(long nanos) {
    return Instant.ofEpochSecond(Math.floorDiv(nanos, NANOS), Math.floorMod(nanos, NANOS));
  }

  /** Null for SQL NULL. */
  static Instant instantOrNull(java.sql.ResultSet rs, int column) throws java.sql.SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? null : instant(value);
  }
}
