package io.chatflow.adapter.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The changes a write holds back (their results nobody reads), and how a statement goes to the
 * server: after them, in the same round trip. It also marks where each unit of a group commit
 * begins: a savepoint, held back like a change, so it costs no round trip of its own.
 */
final class HeldBackChanges {
  /** A null of a given SQL type, for parameters PostgreSQL cannot type from their place. */
  record Null(int sqlType) {}

  static final Null NULL_TEXT = new Null(Types.VARCHAR);
  static final Null NULL_BIGINT = new Null(Types.BIGINT);
  static final Object[] NO_ARGS = {};

  private record Change(String sql, Object[] args) {}

  // one name for all: ROLLBACK TO finds the newest, and COMMIT releases them all
  private static final Change SAVEPOINT = new Change("SAVEPOINT unit", NO_ARGS);

  private final Connection connection;
  private final List<Change> changes = new ArrayList<>();
  // where the current unit's SAVEPOINT waits among the changes, or -1 once it is sent (or outside units)
  private int unitMark = -1;
  private boolean brokeEarlierUnits;

  HeldBackChanges(Connection connection) {
    this.connection = connection;
  }

  void add(String sql, Object... args) {
    changes.add(new Change(sql, args));
  }

  boolean isEmpty() {
    return changes.isEmpty();
  }

  /** Whether a failed round trip also carried changes of an earlier unit: not the current unit's failure alone. */
  boolean brokeEarlierUnits() {
    return brokeEarlierUnits;
  }

  void beginUnit() {
    unitMark = changes.size();
    changes.add(SAVEPOINT);
  }

  /**
   * Drops what the current unit holds back; returns whether its savepoint was sent (then the
   * caller rolls back to it).
   */
  boolean dropUnit() {
    boolean sent = unitMark < 0;
    changes.subList(sent ? 0 : unitMark, changes.size()).clear();
    unitMark = -1;
    return sent;
  }

  void clear() {
    changes.clear();
    unitMark = -1;
  }

  /**
   * Sends the held-back changes and then {@code sql} (when not null) in one round trip; returns
   * the statement positioned at the last result.
   */
  PreparedStatement send(String sql, Object... args) throws SQLException {
    if (changes.isEmpty()) {
      return executed(prepare(sql, args), 0, false);
    }
    StringBuilder text = new StringBuilder();
    List<Object> all = new ArrayList<>();
    for (Change c : changes) {
      text.append(c.sql()).append(";\n");
      all.addAll(Arrays.asList(c.args()));
    }
    int skip = changes.size() - 1;
    if (sql != null) {
      text.append(sql);
      all.addAll(Arrays.asList(args));
      skip++;
    }
    boolean carriesEarlierUnits = unitMark > 0;
    clear();
    return executed(prepare(text.toString(), all.toArray()), skip, carriesEarlierUnits);
  }

  private PreparedStatement executed(PreparedStatement statement, int skip, boolean carriesEarlierUnits)
      throws SQLException {
    try {
      statement.execute();
      for (int i = 0; i < skip; i++) {
        statement.getMoreResults();
      }
      return statement;
    } catch (SQLException e) {
      statement.close();
      brokeEarlierUnits |= carriesEarlierUnits;
      throw e;
    }
  }

  private PreparedStatement prepare(String sql, Object... args) throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    try {
      for (int i = 0; i < args.length; i++) {
        Object arg = args[i];
        if (arg instanceof Instant at) {
          statement.setLong(i + 1, Times.nanos(at));
        } else if (arg instanceof Null typed) {
          statement.setNull(i + 1, typed.sqlType());
        } else if (arg instanceof String[] texts) {
          statement.setArray(i + 1, connection.createArrayOf("text", texts));
        } else {
          statement.setObject(i + 1, arg);
        }
      }
      return statement;
    } catch (SQLException | RuntimeException e) {
      statement.close();
      throw e;
    }
  }
}
