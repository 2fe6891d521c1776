package io.chatflow.adapter.sqlite;

import io.chatflow.domain.ConflictException;
import io.chatflow.domain.UnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * What store calls run their SQL through: one connection and the prepared statements it keeps,
 * bound to the thread running the work (the writer's connection for one batch inside a write,
 * a pooled read-only one otherwise). The statements outlive this object: they are kept for as
 * long as the connection is (for the writer: across batches).
 */
final class Statements {
  private static final Logger LOG = LoggerFactory.getLogger(Statements.class);
  private static final Duration STORAGE_RETRY = Duration.ofSeconds(5);
  /** Maps the current row of a result. */
  interface Row<T> {
    T map(ResultSet rs) throws SQLException;
  }

  private final Connection connection;
  private final Map<String, PreparedStatement> statements;
  private final WriteCache cache;
  private final WriteUnits units;
  private long mayHaveWritten;

  /** A read connection's. */
  Statements(Connection connection, Map<String, PreparedStatement> statements) {
    this.connection = connection;
    this.statements = statements;
    this.cache = null;
    this.units = null;
  }

  /** The writer connection's, for one batch. */
  Statements(Connection connection, Map<String, PreparedStatement> statements, WriteCache cache) {
    this.connection = connection;
    this.statements = statements;
    this.cache = cache;
    this.units = new WriteUnits(this);
  }

  boolean writable() {
    return units != null;
  }

  /** The writer's cache of conversation, member and account rows; null on a read connection. */
  WriteCache cache() {
    return cache;
  }

  /** How the batch runs each write; null on a read connection. */
  WriteUnits units() {
    return units;
  }

  <T> List<T> list(String sql, Row<T> row, Object... args) {
    try {
      PreparedStatement statement = prepare(sql, args);
      List<T> found = new ArrayList<>();
      // read to the end: SQLite checkpoints the WAL only after statements complete
      try (ResultSet rs = statement.executeQuery()) {
        while (rs.next()) {
          found.add(row.map(rs));
        }
      }
      return found;
    } catch (SQLException e) {
      discard(sql);
      throw failure(e);
    }
  }

  <T> Optional<T> one(String sql, Row<T> row, Object... args) {
    List<T> found = list(sql, row, args);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  /**
   * A row the writer's cache may hold: inside a write, what {@code cached} finds there, else what
   * {@code sql} reads, which the cache then keeps ({@code keep}); on a read connection, {@code sql}.
   */
  <T> Optional<T> oneThroughCache(Function<WriteCache, T> cached, BiConsumer<WriteCache, T> keep, String sql,
      Row<T> row, Object... args) {
    T hit = cache == null ? null : cached.apply(cache);
    if (hit != null) {
      return Optional.of(hit);
    }
    Optional<T> found = one(sql, row, args);
    if (cache != null) {
      found.ifPresent(value -> keep.accept(cache, value));
    }
    return found;
  }

  long number(String sql, Object... args) {
    return one(sql, rs -> rs.getLong(1), args).orElse(0L);
  }

  int update(String sql, Object... args) {
    return updateUnique(null, sql, args);
  }

  /** An update where breaking a unique constraint is the domain's conflict {@code conflict}. */
  int updateUnique(String conflict, String sql, Object... args) {
    requireWritable();
    if (cache == null || !cache.flushing()) {
      mayHaveWritten++; // the cache's rows count as written by whoever staged them
    }
    try {
      return prepare(sql, args).executeUpdate();
    } catch (SQLException e) {
      discard(sql);
      if (conflict != null && isUniqueViolation(e)) {
        throw new ConflictException(conflict);
      }
      throw failure(e);
    }
  }

  void execute(String sql) {
    mayHaveWritten++;
    try {
      prepare(sql).execute();
    } catch (SQLException e) {
      discard(sql);
      throw failure(e);
    }
  }

  /** Runs {@code sql} and lets its failure through as it is (for a rollback, whose failure means more). */
  void executeOrThrow(String sql) throws SQLException {
    prepare(sql).execute();
  }

  /** Statements run so far that may have written, a count that only grows. */
  long mayHaveWritten() {
    return mayHaveWritten;
  }

  /**
   * Statements are kept with their connection; one that failed may have been finalized
   * by sqlite-jdbc, so the next use prepares it afresh.
   */
  private void discard(String sql) {
    mayHaveWritten++; // a failed statement may have ended the whole transaction
    PreparedStatement statement = statements.remove(sql);
    if (statement != null) {
      try {
        statement.close();
      } catch (SQLException ignored) {
        // already finalized
      }
    }
  }

  private PreparedStatement prepare(String sql, Object... args) throws SQLException {
    if (cache != null) {
      cache.beforeStatement(this, sql);
    }
    PreparedStatement statement = statements.get(sql);
    if (statement == null) {
      statement = connection.prepareStatement(sql);
      statements.put(sql, statement);
    }
    for (int i = 0; i < args.length; i++) {
      Object arg = args[i];
      if (arg instanceof Instant at) {
        statement.setLong(i + 1, Times.nanos(at));
      } else if (arg instanceof Boolean b) {
        statement.setInt(i + 1, b ? 1 : 0);
      } else {
        statement.setObject(i + 1, arg);
      }
    }
    return statement;
  }

  private void requireWritable() {
    if (units == null) {
      throw new IllegalStateException("store writes run inside Transactions.write");
    }
  }

  /** Closes kept statements (their connection is being let go). */
  static void closeAll(Map<String, PreparedStatement> statements) {
    for (PreparedStatement statement : statements.values()) {
      try {
        statement.close();
      } catch (SQLException ignored) {
        // closing the connection releases it anyway
      }
    }
    statements.clear();
  }

  static boolean isUniqueViolation(SQLException e) {
    return e instanceof SQLiteException s
        && (s.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE
            || s.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY);
  }

  /**
   * What a failed statement means: a disk that is full or a data directory that cannot be
   * written (read-only, I/O errors, a file that cannot be opened) is the server's trouble, not
   * the request's: 503 with Retry-After and one clear log line; SQLite has rolled the write
   * back, so nothing acknowledged is lost, and writes work again once the disk does.
   */
  static RuntimeException failure(SQLException e) {
    String storage = e instanceof SQLiteException s ? storageTrouble(s.getResultCode().code & 0xff) : null;
    if (storage != null) {
      LOG.error("event=sqlite_storage_unavailable reason={} error=\"{}\"", storage, e.getMessage());
      return new UnavailableException("the server cannot write its data right now; try again shortly", STORAGE_RETRY);
    }
    return new SqliteStoreException("SQLite failed: " + e.getMessage(), e);
  }

  private static String storageTrouble(int primaryCode) {
    if (primaryCode == SQLiteErrorCode.SQLITE_FULL.code) {
      return "disk_full";
    } else if (primaryCode == SQLiteErrorCode.SQLITE_READONLY.code) {
      return "read_only";
    } else if (primaryCode == SQLiteErrorCode.SQLITE_IOERR.code) {
      return "io_error";
    } else if (primaryCode == SQLiteErrorCode.SQLITE_CANTOPEN.code) {
      return "cannot_open";
    }
    return null;
  }
}
