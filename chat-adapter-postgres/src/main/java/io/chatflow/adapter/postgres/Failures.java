package io.chatflow.adapter.postgres;

import io.chatflow.domain.InvalidException;
import io.chatflow.domain.UnavailableException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What a failed statement means to ChatFlow, by its SQLSTATE. */
final class Failures {
  static final String UNIQUE_VIOLATION = "23505";
  /** A row lock taken NOWAIT was held by another transaction. */
  static final String LOCK_NOT_AVAILABLE = "55P03";
  /** Text PostgreSQL cannot hold: a NUL character (the only one UTF-8 can carry that it refuses). */
  static final String CHARACTER_NOT_IN_REPERTOIRE = "22021";
  private static final Logger log = LoggerFactory.getLogger(Failures.class);
  private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

  private Failures() {}

  /** Another transaction got in the way: the whole write may run again. */
  static boolean isRetryable(SQLException e) {
    String state = e.getSQLState();
    // serialization failure, deadlock, a lock not waited for (Tx.mayWaitForLocks)
    return "40001".equals(state) || "40P01".equals(state) || LOCK_NOT_AVAILABLE.equals(state);
  }

  /**
   * The database is out of reach or too slow right now: connection errors (class 08), a server
   * shutting down or starting (57P01-57P03), a statement past its timeout (57014), no pooled
   * connection within the connect timeout, a server out of resources (class 53: a full disk, out
   * of memory, too many connections), a read-only server (25006: a standby, or a disk the
   * operator made read-only). Each fails its transaction whole, so nothing acknowledged is lost.
   */
  static boolean isUnavailable(SQLException e) {
    if (e instanceof SQLTransientConnectionException) {
      return true;
    }
    String state = e.getSQLState();
    return state != null && (state.startsWith("08") || state.startsWith("53") || state.equals("57P01")
        || state.equals("57P02") || state.equals("57P03") || state.equals("57014") || state.equals("25006"));
  }

  /** The connection is gone (class 08, or the server ended the session): so is its transaction. */
  static boolean isConnectionLost(SQLException e) {
    String state = e.getSQLState();
    return state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
        || state.equals("57P03"));
  }

  static RuntimeException of(SQLException e) {
    if (isRetryable(e)) {
      return new Retry(e);
    }
    if (isUnavailable(e)) {
      return unavailable(e);
    }
    if (CHARACTER_NOT_IN_REPERTOIRE.equals(e.getSQLState())) {
      // the caller's text, not the store, is at fault: the memory and SQLite stores take it
      return InvalidException.of("text", "must not contain a NUL character");
    }
    return new PostgresStoreException("PostgreSQL failed: " + e.getMessage(), e);
  }

  /**
   * What a caller gets while the database is out of reach: the core's "unavailable" (HTTP 503,
   * try again in a second). Its message reaches clients, so the cause is only logged.
   */
  static RuntimeException unavailable(SQLException e) {
    log.warn("event=postgres_unavailable sqlstate={} error=\"{}\"", e.getSQLState(), e.getMessage());
    return new UnavailableException("the database is unavailable; try again shortly", RETRY_AFTER);
  }

  /** The write lost a race the database detected (deadlock, serialization): run it again. */
  static final class Retry extends RuntimeException {
    Retry(SQLException cause) {
      super("the write lost a race and runs again: " + cause.getMessage(), cause, false, false);
    }
  }
}
