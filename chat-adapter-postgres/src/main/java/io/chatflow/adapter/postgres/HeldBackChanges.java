package io.chatflow.adapter.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The changes a write holds back (their results nobody reads), and how a statement goes to the
 * server: after them, in the same round trip. Rows that many writes change alike ({@link Rows})
 * go as one statement for all of them. It also marks where each unit of a group commit begins: a
 * savepoint, held back like a change, so it costs no round trip of its own, and dropped unsent
 * when its unit sent nothing (nothing can then fail in it alone).
 */
final class HeldBackChanges {
  /** A null of a given SQL type, for parameters PostgreSQL cannot type from their place. */
  record Null(int sqlType) {}

  /**
   * A change of one row that many writes make alike (an insert, an update by key): the rows held
   * back together are sent as one statement, {@code sql}, that reads one array per column (typed
   * {@code types}, PostgreSQL's names) with {@code unnest}. Rows whose first {@code key} columns are
   * equal are one row changed twice: the last one is kept (0: every row is its own). A broken
   * unique constraint among them is the domain's conflict {@code conflict}, when not null.
   */
  record Rows(String sql, String[] types, int key, String conflict) {}

  static final Null NULL_TEXT = new Null(Types.VARCHAR);
  static final Null NULL_BIGINT = new Null(Types.BIGINT);
  static final Object[] NO_ARGS = {};

  private record Change(String sql, Object[] args, Rows rows) {}

  private record Column(String type, Object[] values) {}

  // one name for all: ROLLBACK TO finds the newest, and COMMIT releases them all
  private static final Change SAVEPOINT = new Change("SAVEPOINT unit", NO_ARGS, null);

  private final Connection connection;
  private final List<Change> changes = new ArrayList<>();
  // where the current unit's SAVEPOINT waits among the changes, or -1 once it is sent (or outside units)
  private int unitMark = -1;
  private boolean brokeEarlierUnits;
  private String conflict;

  HeldBackChanges(Connection connection) {
    this.connection = connection;
  }

  void add(String sql, Object... args) {
    changes.add(new Change(sql, args, null));
  }

  void addRow(Rows kind, Object... row) {
    changes.add(new Change(null, row, kind));
  }

  boolean isEmpty() {
    return changes.isEmpty();
  }

  /** Whether a failed round trip also carried changes of an earlier unit: not the current unit's failure alone. */
  boolean brokeEarlierUnits() {
    return brokeEarlierUnits;
  }

  /** The conflict of the rows in the last round trip, if a unique constraint broke among them. */
  String conflict() {
    return conflict;
  }

  void beginUnit() {
    dropUnsentSavepoint(); // the unit before sent nothing: no statement of its own can fail now
    unitMark = changes.size();
    changes.add(SAVEPOINT);
  }

  /** Forgets the current unit's savepoint while it is unsent (the unit ended, or the transaction commits). */
  void dropUnsentSavepoint() {
    if (unitMark >= 0) {
      changes.remove(unitMark);
      unitMark = -1;
    }
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
   * the statement positioned at {@code sql}'s (first) result, or at the last change's.
   */
  PreparedStatement send(String sql, Object... args) throws SQLException {
    if (changes.isEmpty()) {
      return executed(prepare(sql, args), 0, false, null);
    }
    StringBuilder text = new StringBuilder();
    List<Object> all = new ArrayList<>();
    int statements = 0;
    String rowsConflict = null;
    // rows of one kind between two plain statements (or savepoints) go together, in the order they came
    Map<Rows, Map<Object, Object[]>> rows = new LinkedHashMap<>();
    for (Change c : changes) {
      if (c.rows() == null) {
        statements += sendRows(rows, text, all);
        text.append(c.sql()).append(";\n");
        all.addAll(Arrays.asList(c.args()));
        statements++;
      } else {
        Object key = c.rows().key() == 0 ? new Object() : Arrays.asList(Arrays.copyOf(c.args(), c.rows().key()));
        rows.computeIfAbsent(c.rows(), k -> new LinkedHashMap<>()).put(key, c.args());
        if (rowsConflict == null) {
          rowsConflict = c.rows().conflict();
        }
      }
    }
    statements += sendRows(rows, text, all);
    int skip = statements - 1;
    if (sql != null) {
      text.append(sql);
      all.addAll(Arrays.asList(args));
      skip++;
    } else {
      text.setLength(text.length() - 2);
    }
    boolean carriesEarlierUnits = unitMark > 0;
    clear();
    return executed(prepare(text.toString(), all.toArray()), skip, carriesEarlierUnits, rowsConflict);
  }

  /** Appends one statement per kind of rows (their columns as arrays); returns how many. */
  private static int sendRows(Map<Rows, Map<Object, Object[]>> rows, StringBuilder text, List<Object> args) {
    int statements = 0;
    for (Map.Entry<Rows, Map<Object, Object[]>> kind : rows.entrySet()) {
      String[] types = kind.getKey().types();
      List<Object[]> values = new ArrayList<>(kind.getValue().values());
      for (int column = 0; column < types.length; column++) {
        Object[] cells = cells(types[column], values.size());
        for (int row = 0; row < cells.length; row++) {
          cells[row] = cell(values.get(row)[column]);
        }
        args.add(new Column(types[column], cells));
      }
      text.append(kind.getKey().sql()).append(";\n");
      statements++;
    }
    rows.clear();
    return statements;
  }

  /**
   * A column's cells as a Java array of its type: pgjdbc sends those in binary, where an
   * {@code Object[]} goes as an escaped text literal, costlier to build here and to parse there.
   */
  private static Object[] cells(String type, int rows) {
    return switch (type) {
      case "text" -> new String[rows];
      case "int8" -> new Long[rows];
      case "int4" -> new Integer[rows];
      case "bool" -> new Boolean[rows];
      default -> new Object[rows];
    };
  }

  // every write passes a column's values as its Java type already (an Instant as nanos), so a
  // mistake is an ArrayStoreException in the tests, not a silent conversion here
  private static Object cell(Object value) {
    if (value instanceof Instant at) {
      return Times.nanos(at);
    }
    return value instanceof Null ? null : value;
  }

  private PreparedStatement executed(PreparedStatement statement, int skip, boolean carriesEarlierUnits,
      String rowsConflict) throws SQLException {
    conflict = null;
    try {
      statement.execute();
      for (int i = 0; i < skip; i++) {
        statement.getMoreResults();
      }
      return statement;
    } catch (SQLException e) {
      statement.close();
      // only a lock taken NOWAIT fails so: the statements before it in the round trip all ran
      brokeEarlierUnits |= carriesEarlierUnits && !Failures.LOCK_NOT_AVAILABLE.equals(e.getSQLState());
      conflict = rowsConflict;
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
        } else if (arg instanceof Column column) {
          statement.setArray(i + 1, connection.createArrayOf(column.type(), column.values()));
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
