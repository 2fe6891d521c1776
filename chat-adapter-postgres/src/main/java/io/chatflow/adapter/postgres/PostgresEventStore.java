package io.chatflow.adapter.postgres;

import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.conversation.Role;
import io.chatflow.domain.event.Event;
import io.chatflow.domain.event.EventCursor;
import io.chatflow.domain.event.EventType;
import io.chatflow.domain.user.UserId;
import io.chatflow.ports.out.EventStore;
import io.chatflow.ports.out.Transactions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The event log. A position comes from the one-row event clock, which the write taking it then
 * holds locked until it commits: the next write to take one waits for that commit, so positions
 * grow in commit order, across processes, and a reader that has seen p never later finds an
 * event below p that it missed. The clock's update rolls back with its write, so head() is the
 * last committed position. The price: writes that record events commit one at a time, from
 * their first event on (see README.md).
 *
 * <p>A message.created event is its message's row, which takes its position as it is inserted
 * ({@link PostgresMessageStore#insert}); it is never appended here.
 */
final class PostgresEventStore implements EventStore {
  static final int PRUNE_CHUNK = 500;

  private static final String COLUMNS =
      "e.position, e.type, e.conversation_id, e.recipient, e.at, e.seq, e.subject, e.role, e.joined_at, e.emoji";
  private static final String MESSAGE_COLUMNS =
      "g.position, 'message.created', g.conversation_id, NULL::text, g.created_at, g.seq, NULL::text, NULL::text, NULL::bigint, NULL::text";
  // held back, with the batch's other events: a position is never taken twice, so it cannot fail
  private static final HeldBackChanges.Rows APPENDS = new HeldBackChanges.Rows("""
      INSERT INTO events (conversation_id, position, type, recipient, at, seq, subject, role, joined_at, emoji)
      SELECT * FROM unnest(?::text[], ?::int8[], ?::text[], ?::text[], ?::int8[], ?::int8[], ?::text[], ?::text[],
        ?::int8[], ?::text[])""", new String[] {"text", "int8", "text", "text", "int8", "int8", "text", "text", "int8",
        "text"}, 0, null);
  // the user's conversations' messages and broadcast events from their since_event on, events
  // addressed to them, and what happened in memberships of theirs that have ended; %3$s matches
  // the user (or users), %4$s / %5$s / %6$s: what each row starts with (nothing, or the user)
  private static final String FEED = """
      SELECT %4$s%1$s FROM members m JOIN messages g ON g.conversation_id = m.conversation_id
      WHERE m.user_id %3$s AND g.position > ? AND g.position >= m.since_event
      UNION ALL
      SELECT %4$s%2$s FROM members m JOIN events e ON e.conversation_id = m.conversation_id
      WHERE m.user_id %3$s AND e.recipient IS NULL AND e.position > ? AND e.position >= m.since_event
      UNION ALL
      SELECT %5$s%2$s FROM events e WHERE e.recipient %3$s AND e.position > ?
      UNION ALL
      SELECT %6$s%1$s FROM past_members p JOIN messages g ON g.conversation_id = p.conversation_id
      WHERE p.user_id %3$s AND p.until_event > ? AND g.position > ?
        AND g.position BETWEEN p.since_event AND p.until_event
      UNION ALL
      SELECT %6$s%2$s FROM past_members p JOIN events e ON e.conversation_id = p.conversation_id
      WHERE p.user_id %3$s AND p.until_event > ? AND e.recipient IS NULL AND e.position > ?
        AND e.position BETWEEN p.since_event AND p.until_event
      ORDER BY %7$s LIMIT ?""";
  private static final String READ_FOR = FEED.formatted(MESSAGE_COLUMNS, COLUMNS, "= ?", "", "", "", "1");
  // for many users at once, each row with the user it is for (column 1)
  private static final String READ_FOR_EACH =
      FEED.formatted(MESSAGE_COLUMNS, COLUMNS, "= ANY(?)", "m.user_id, ", "e.recipient, ", "p.user_id, ", "2");
  private static final String HEAD = "SELECT position FROM event_clock WHERE id = 1";
  static final String TRY_PRUNE_LOCK = "SELECT pg_try_advisory_lock(hashtext('chatflow_prune_' || current_schema()))";
  private static final String PRUNE_UNLOCK = "SELECT pg_advisory_unlock(hashtext('chatflow_prune_' || current_schema()))";
  private static final String HORIZON = "SELECT position FROM event_horizon WHERE id = 1";
  private static final String OLDEST = "SELECT position, at FROM events WHERE position > ? ORDER BY position LIMIT ?";
  private static final String OLDEST_MESSAGES =
      "SELECT position, created_at FROM messages WHERE position > ? ORDER BY position LIMIT ?";
  private static final String DROP_UP_TO = "DELETE FROM events WHERE position > ? AND position <= ?";
  private static final String MOVE_HORIZON = "UPDATE event_horizon SET position = ? WHERE id = 1";

  private final Database db;
  private final Transactions transactions;

  PostgresEventStore(Database db, Transactions transactions) {
    this.db = db;
    this.transactions = transactions;
  }

  @Override
  public Event append(Event event) {
    if (event.type().isEphemeral()) {
      throw new IllegalArgumentException(event.type() + " is ephemeral and never stored");
    }
    if (event.type() == EventType.MESSAGE_CREATED) {
      throw new IllegalArgumentException("message.created is stored with its message (MessageStore.insert)");
    }
    long position = db.change(tx -> {
      long at = tx.nextPosition();
      tx.deferRow(APPENDS, event.conversationId().value(), at, event.type().wireName(), text(event.recipient()),
          event.at(), event.seq(), text(event.subject()), event.role() == null ? Tx.NULL_TEXT : event.role().wireName(),
          event.joinedAt() == null ? Tx.NULL_BIGINT : event.joinedAt(), text(event.emoji()));
      return at;
    });
    return event.at(position);
  }

  @Override
  public List<Event> readFor(UserId user, EventCursor after, int limit) {
    String u = user.value();
    long a = after.position();
    return db.query(tx -> tx.list(READ_FOR, PostgresEventStore::event, u, a, u, a, u, a, u, a, a, u, a, a, limit));
  }

  @Override
  public List<ForUser> readForEach(Set<UserId> users, EventCursor after, int limit) {
    String[] u = users.stream().map(UserId::value).toArray(String[]::new);
    long a = after.position();
    return db.query(tx -> tx.list(READ_FOR_EACH, rs -> new ForUser(new UserId(rs.getString(1)), event(rs, 1)),
        u, a, u, a, u, a, u, a, a, u, a, a, limit));
  }

  @Override
  public EventCursor head() {
    // inside a write that took positions, the last of them (the clock's row is written at COMMIT)
    return new EventCursor(db.query(tx -> tx.lastPosition() >= 0 ? tx.lastPosition() : tx.number(HEAD)));
  }

  @Override
  public EventCursor horizon() {
    return new EventCursor(db.query(tx -> tx.number(HORIZON)));
  }

  /**
   * Prunes in chunks, while holding the schema's prune lock (a session advisory lock on a
   * connection of its own): one node of a cluster prunes at a time, and a node that finds the
   * lock taken prunes nothing this time. A node that dies while pruning lets go of it with its
   * connection.
   */
  @Override
  public int prune(Instant before) {
    try (Connection lock = db.borrow()) {
      if (!lockOnce(lock, TRY_PRUNE_LOCK)) {
        return 0;
      }
      try {
        int dropped = 0;
        while (true) {
          int chunk = transactions.write(() -> pruneChunk(before));
          dropped += chunk;
          if (chunk < PRUNE_CHUNK) {
            return dropped;
          }
        }
      } finally {
        lockOnce(lock, PRUNE_UNLOCK);
      }
    } catch (SQLException e) {
      throw Failures.of(e);
    }
  }

  private static boolean lockOnce(Connection c, String sql) throws SQLException {
    try (var statement = c.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
      return rs.next() && rs.getBoolean(1);
    }
  }

  /**
   * Drops the oldest events, and passes the oldest messages, up to the first one that is not older
   * than {@code before}. Everything still in flight takes a position above every committed one,
   * so the horizon never passes an event that is yet to commit.
   */
  private int pruneChunk(Instant before) {
    return db.change(tx -> {
      long horizon = tx.number(HORIZON + " FOR UPDATE");
      List<long[]> oldest = new ArrayList<>(tx.list(OLDEST, PostgresEventStore::positionAndTime, horizon, PRUNE_CHUNK));
      oldest.addAll(tx.list(OLDEST_MESSAGES, PostgresEventStore::positionAndTime, horizon, PRUNE_CHUNK));
      oldest.sort(Comparator.comparingLong(event -> event[0]));
      long cutoff = Times.nanos(before);
      long upTo = horizon;
      int count = 0;
      for (long[] event : oldest.subList(0, Math.min(PRUNE_CHUNK, oldest.size()))) {
        if (event[1] >= cutoff) {
          break;
        }
        upTo = event[0];
        count++;
      }
      if (count > 0) {
        tx.update(DROP_UP_TO, horizon, upTo);
        tx.update(MOVE_HORIZON, upTo);
      }
      return count;
    });
  }

  private static long[] positionAndTime(ResultSet rs) throws SQLException {
    return new long[] {rs.getLong(1), rs.getLong(2)};
  }

  private static Object text(Object id) {
    return id == null ? Tx.NULL_TEXT : id.toString();
  }

  /** Reads the columns in {@link #COLUMNS} order. */
  private static Event event(ResultSet rs) throws SQLException {
    return event(rs, 0);
  }

  /** The event in the columns after the first {@code skip}. */
  private static Event event(ResultSet rs, int skip) throws SQLException {
    String recipient = rs.getString(skip + 4);
    String subject = rs.getString(skip + 7);
    String role = rs.getString(skip + 8);
    long joined = rs.getLong(skip + 9);
    Instant joinedAt = rs.wasNull() ? null : Times.instant(joined);
    return new Event(rs.getLong(skip + 1), EventType.fromWireName(rs.getString(skip + 2)),
        new ConversationId(rs.getString(skip + 3)), recipient == null ? null : new UserId(recipient),
        Times.instant(rs.getLong(skip + 5)), rs.getLong(skip + 6), subject == null ? null : new UserId(subject),
        role == null ? null : Role.parse(role, "role"), joinedAt, rs.getString(skip + 10));
  }
}
