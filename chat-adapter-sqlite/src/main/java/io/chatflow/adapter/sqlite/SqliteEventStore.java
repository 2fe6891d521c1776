package io.chatflow.adapter.sqlite;

import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.conversation.Role;
import io.chatflow.domain.event.Event;
import io.chatflow.domain.event.EventCursor;
import io.chatflow.domain.event.EventType;
import io.chatflow.domain.user.UserId;
import io.chatflow.ports.out.EventStore;
import io.chatflow.ports.out.Transactions;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The event log. Positions are numbered by the single writer from where AUTOINCREMENT
 * stands, so they grow in commit order and are never reused after pruning. Pruning deletes in small chunks, each
 * its own write, so posts queue behind one chunk at most.
 *
 * <p>A message.created event is no row of its own: it is its message's row, whose rowid is the
 * event's position (see V3). Within a conversation positions grow with seq, as the one writer
 * hands out both, so a conversation's messages after a cursor are read from the newest back.
 */
final class SqliteEventStore implements EventStore {
  static final int PRUNE_CHUNK = 500;

  private static final String COLUMNS = "e.position, e.type, e.conversation_id, e.recipient, e.at, e.seq, e.subject, e.role, e.joined_at, e.emoji";
  private static final String MESSAGE_COLUMNS =
      "g.position, 'message.created', c.id, NULL, g.created_at, g.seq, NULL, NULL, NULL, NULL";
  // the writer numbers events itself (see EventPositions): no result set to read back per event
  private static final String APPEND = """
      INSERT INTO events (position, type, conversation_id, recipient, at, seq, subject, role, joined_at, emoji)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
  // what AUTOINCREMENT would count on from: the highest position ever used, pruned or not
  private static final String LAST_POSITION = """
      SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'events'), 0),
        COALESCE((SELECT MAX(position) FROM events), 0), COALESCE((SELECT MAX(position) FROM messages), 0))""";
  // the user's conversations' messages after the cursor (from the newest back to the last one at or
  // before it; "+" keeps the planner off the rowid ranges) and broadcast events, both from their
  // since_event on, events addressed to them, and what happened in memberships of theirs that
  // have ended (past_members, rarely any after a recent cursor); messages through their
  // conversation's number (V5)
  private static final String READ_FOR = """
      SELECT %1$s FROM members m JOIN conversations c ON c.id = m.conversation_id JOIN messages g ON g.conversation_no = c.no
      WHERE m.user_id = ?1 AND +g.position > ?2 AND g.position >= m.since_event AND g.seq > COALESCE((SELECT h.seq FROM messages h
        WHERE h.conversation_no = c.no AND +h.position <= ?2 ORDER BY h.seq DESC LIMIT 1), 0)
      UNION ALL
      SELECT %2$s FROM members m JOIN events e ON e.conversation_id = m.conversation_id
      WHERE m.user_id = ?1 AND e.recipient IS NULL AND e.position > ?2 AND e.position >= m.since_event
      UNION ALL
      SELECT %2$s FROM events e WHERE e.recipient = ?1 AND e.position > ?2
      UNION ALL
      SELECT %1$s FROM past_members p JOIN conversations c ON c.id = p.conversation_id
        JOIN messages g ON g.conversation_no = c.no
      WHERE p.user_id = ?1 AND p.until_event > ?2 AND g.position > ?2
        AND g.position BETWEEN p.since_event AND p.until_event
      UNION ALL
      SELECT %2$s FROM past_members p JOIN events e ON e.conversation_id = p.conversation_id
      WHERE p.user_id = ?1 AND p.until_event > ?2 AND e.recipient IS NULL AND e.position > ?2
        AND e.position BETWEEN p.since_event AND p.until_event
      ORDER BY 1 LIMIT ?3""".formatted(MESSAGE_COLUMNS, COLUMNS);
  private static final String HORIZON = "SELECT position FROM event_horizon WHERE id = 1";
  private static final String HEAD = """
      SELECT MAX((%s), COALESCE((SELECT MAX(position) FROM events), 0),
        COALESCE((SELECT MAX(position) FROM messages), 0))""".formatted(HORIZON);
  private static final String OLDEST = "SELECT position, at FROM events WHERE position > ? ORDER BY position LIMIT ?";
  private static final String OLDEST_MESSAGES =
      "SELECT position, created_at FROM messages WHERE position > ? ORDER BY position LIMIT ?";
  private static final String DROP_UP_TO = "DELETE FROM events WHERE position > ? AND position <= ?";
  private static final String MOVE_HORIZON = "UPDATE event_horizon SET position = ? WHERE id = 1";

  /** Every statement of this store, for the query-plan test. */
  static final List<String> STATEMENTS = List.of(
      APPEND, LAST_POSITION, READ_FOR, HORIZON, HEAD, OLDEST, OLDEST_MESSAGES, DROP_UP_TO,
      MOVE_HORIZON);

  private final Database db;
  private final Transactions transactions;

  SqliteEventStore(Database db, Transactions transactions) {
    this.db = db;
    this.transactions = transactions;
  }

  @Override
  public Event append(Event event) {
    if (event.type().isEphemeral()) {
      throw new IllegalArgumentException(event.type() + " is ephemeral and never stored");
    }
    if (event.type() == EventType.MESSAGE_CREATED) {
      throw new IllegalArgumentException("a message.created event is its message's row: see MessageStore.insert");
    }
    long position = db.change(tx -> {
      long next = tx.cache().positions().next(() -> lastPosition(tx));
      tx.update(APPEND, next, event.type().wireName(), event.conversationId().value(), value(event.recipient()),
          event.at(), event.seq(), value(event.subject()), event.role() == null ? null : event.role().wireName(),
          event.joinedAt(), event.emoji());
      return next;
    });
    return event.at(position);
  }

  /** The highest position committed (or pruned). */
  static long head(Statements tx) {
    return tx.number(HEAD);
  }

  /** The highest pruned position: the events up to it are gone. */
  static long horizon(Statements tx) {
    return tx.number(HORIZON);
  }

  /** The highest position ever used, by an event row or a message row, pruned or not. */
  static long lastPosition(Statements tx) {
    return tx.number(LAST_POSITION);
  }

  @Override
  public List<Event> readFor(UserId user, EventCursor after, int limit) {
    return db.query(tx -> tx.list(READ_FOR, SqliteEventStore::event, user.value(), after.position(), limit));
  }

  @Override
  public EventCursor head() {
    return new EventCursor(db.query(tx -> tx.number(HEAD)));
  }

  @Override
  public EventCursor horizon() {
    return new EventCursor(db.query(tx -> tx.number(HORIZON)));
  }

  @Override
  public int prune(Instant before) {
    int dropped = 0;
    while (true) {
      int chunk = transactions.write(() -> pruneChunk(before));
      dropped += chunk;
      if (chunk < PRUNE_CHUNK) {
        return dropped;
      }
    }
  }

  /** Drops the oldest events, and passes the oldest messages, up to the first one that is not older than {@code before}. */
  private int pruneChunk(Instant before) {
    return db.change(tx -> {
      long horizon = tx.number(HORIZON);
      List<long[]> oldest = new ArrayList<>(tx.list(OLDEST, SqliteEventStore::positionAndTime, horizon, PRUNE_CHUNK));
      oldest.addAll(tx.list(OLDEST_MESSAGES, SqliteEventStore::positionAndTime, horizon, PRUNE_CHUNK));
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
      // less than a full chunk means the next event is fresh, or there is none: pruning is done
      return count;
    });
  }

  private static long[] positionAndTime(ResultSet rs) throws SQLException {
    return new long[] {rs.getLong(1), rs.getLong(2)};
  }

  private static String value(Object id) {
    return id == null ? null : id.toString();
  }

  /** Reads the columns in {@link #COLUMNS} order. */
  private static Event event(ResultSet rs) throws SQLException {
    String recipient = rs.getString(4);
    String subject = rs.getString(7);
    String role = rs.getString(8);
    return new Event(rs.getLong(1), EventType.fromWireName(rs.getString(2)), new ConversationId(rs.getString(3)),
        recipient == null ? null : new UserId(recipient), Times.instant(rs.getLong(5)), rs.getLong(6),
        subject == null ? null : new UserId(subject), role == null ? null : Role.parse(role, "role"),
        Times.instantOrNull(rs, 9), rs.getString(10));
  }
}
