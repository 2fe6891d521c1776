package io.chatflow.adapter.postgres;

import io.chatflow.domain.user.UserId;
import io.chatflow.ports.out.PresenceStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Presence across the cluster. Each node counts its own connections and last activity in
 * memory (never a database write per request) and writes what changed to {@code presence}
 * with its heartbeat; a user's presence is this node's count plus the rows of the other nodes
 * that are up. Announcements are settled in {@code presence_announced}, so each change is
 * announced by one node. A node that stops gracefully folds its rows into the row of node
 * {@code ''} (last activity kept, no connections); the rows of a node that died are folded so
 * once its heartbeat is a minute old.
 */
final class PostgresPresence implements PresenceStore {
  /** How long this node trusts its own view that a user was announced online (a request touches presence). */
  private static final long ANNOUNCED_FOR_NANOS = 1_000_000_000L;
  private static final String GONE = "";
  /** The other live nodes' connections (this node's are counted in memory), and the last activity anywhere. */
  private static final String FIND = "SELECT coalesce(sum(p.connections) FILTER (WHERE p.node_id <> ? AND "
      + NodeRegistry.ALIVE + "), 0), max(p.last_seen_at) FROM presence p LEFT JOIN nodes n ON n.id = p.node_id"
      + " WHERE p.user_id = ?";
  private static final String ELSEWHERE = "SELECT coalesce(sum(p.streams), 0) FROM presence p JOIN nodes n ON n.id = p.node_id"
      + " WHERE p.user_id = ? AND p.node_id <> ? AND " + NodeRegistry.ALIVE;
  private static final String WRITE = "INSERT INTO presence (user_id, node_id, connections, streams, last_seen_at)"
      + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (user_id, node_id) DO UPDATE SET connections = EXCLUDED.connections,"
      + " streams = EXCLUDED.streams,"
      + " last_seen_at = greatest(presence.last_seen_at, EXCLUDED.last_seen_at)";
  private static final String ONLINE = "INSERT INTO presence_announced (user_id, online) VALUES (?, true)"
      + " ON CONFLICT (user_id) DO UPDATE SET online = true WHERE NOT presence_announced.online RETURNING 1";
  private static final String OFFLINE = "UPDATE presence_announced SET online = false WHERE user_id = ? AND online RETURNING 1";
  private static final String FOLD = "INSERT INTO presence (user_id, node_id, connections, last_seen_at)"
      + " SELECT user_id, '" + GONE + "', 0, last_seen_at FROM presence WHERE node_id = ANY (?)"
      + " ON CONFLICT (user_id, node_id) DO UPDATE SET last_seen_at = greatest(presence.last_seen_at, EXCLUDED.last_seen_at)";

  private final Database db;
  private final String node;
  private final Map<UserId, Here> mine = new ConcurrentHashMap<>();
  private final Set<UserId> changed = ConcurrentHashMap.newKeySet();
  private final Map<UserId, Long> announcedOnline = new ConcurrentHashMap<>();

  /** This node's view of a user: connections (streams among them) and last activity. */
  private record Here(int connections, int streams, Instant lastSeenAt) {
    Here plus(int moreConnections, int moreStreams, Instant at) {
      return new Here(Math.max(0, connections + moreConnections), Math.max(0, streams + moreStreams), latest(lastSeenAt, at));
    }
  }

  PostgresPresence(Database db, String node) {
    this.db = db;
    this.node = node;
  }

  @Override
  public void touch(UserId user, Instant at) {
    mine.merge(user, new Here(0, 0, at), (old, now) -> old.plus(0, 0, at));
    changed.add(user);
  }

  @Override
  public void connected(UserId user, Instant at) {
    mine.merge(user, new Here(1, 0, at), (old, now) -> old.plus(1, 0, at));
    changed.add(user);
  }

  @Override
  public void disconnected(UserId user, Instant at) {
    mine.computeIfPresent(user, (u, old) -> old.plus(-1, 0, at));
    changed.add(user);
  }

  @Override
  public void streamOpened(UserId user, Instant at) {
    mine.merge(user, new Here(0, 1, at), (old, now) -> old.plus(0, 1, at));
    changed.add(user);
  }

  @Override
  public void streamClosed(UserId user, Instant at) {
    mine.computeIfPresent(user, (u, old) -> old.plus(0, -1, at));
    changed.add(user);
  }

  @Override
  public Optional<Seen> find(UserId user) {
    Here here = mine.get(user);
    int connections = here == null ? 0 : here.connections();
    Instant last = here == null ? null : here.lastSeenAt();
    try (Connection c = db.borrow(); PreparedStatement find = c.prepareStatement(FIND)) {
      find.setString(1, node);
      find.setString(2, user.value());
      try (ResultSet rs = find.executeQuery()) {
        rs.next();
        connections += rs.getInt(1);
        long elsewhere = rs.getLong(2);
        if (!rs.wasNull()) {
          Instant there = Times.instant(elsewhere);
          last = last == null ? there : latest(last, there);
        }
      }
    } catch (SQLException e) {
      throw Failures.of(e);
    }
    return last == null ? Optional.empty() : Optional.of(new Seen(connections, last));
  }

  @Override
  public int streamsElsewhere(UserId user) {
    try (Connection c = db.borrow(); PreparedStatement elsewhere = c.prepareStatement(ELSEWHERE)) {
      elsewhere.setString(1, user.value());
      elsewhere.setString(2, node);
      try (ResultSet rs = elsewhere.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    } catch (SQLException e) {
      throw Failures.of(e);
    }
  }

  @Override
  public boolean announce(UserId user, boolean online) {
    long now = System.nanoTime();
    if (online) {
      Long since = announcedOnline.get(user);
      if (since != null && now - since < ANNOUNCED_FOR_NANOS) {
        return false;
      }
    }
    try (Connection c = db.borrow(); PreparedStatement announce = c.prepareStatement(online ? ONLINE : OFFLINE)) {
      announce.setString(1, user.value());
      boolean changedIt;
      try (ResultSet rs = announce.executeQuery()) {
        changedIt = rs.next();
      }
      if (online) {
        announcedOnline.put(user, now);
      } else {
        announcedOnline.remove(user);
      }
      return changedIt;
    } catch (SQLException e) {
      throw Failures.of(e);
    }
  }

  @Override
  public Set<UserId> announcedOnline() {
    Set<UserId> online = new HashSet<>();
    try (Connection c = db.borrow(); PreparedStatement list = c.prepareStatement(
        "SELECT user_id FROM presence_announced WHERE online"); ResultSet rs = list.executeQuery()) {
      while (rs.next()) {
        online.add(new UserId(rs.getString(1)));
      }
    } catch (SQLException e) {
      throw Failures.of(e);
    }
    return online;
  }

  /** Writes this node's changes since the last heartbeat (on the heartbeat's connection). */
  void flush(Connection c) throws SQLException {
    if (changed.isEmpty()) {
      return;
    }
    Set<UserId> batch = new HashSet<>(changed);
    changed.removeAll(batch);
    try (PreparedStatement write = c.prepareStatement(WRITE)) {
      for (UserId user : batch) {
        Here here = mine.get(user);
        if (here == null) {
          continue;
        }
        write.setString(1, user.value());
        write.setString(2, node);
        write.setInt(3, here.connections());
        write.setInt(4, here.streams());
        write.setLong(5, Times.nanos(here.lastSeenAt()));
        write.addBatch();
      }
      write.executeBatch();
    } catch (SQLException e) {
      changed.addAll(batch); // the next heartbeat tries again
      throw e;
    }
    // written down: a user with no connection here is forgotten in memory (the row keeps the last activity)
    for (UserId user : batch) {
      mine.computeIfPresent(user, (u, here) -> here.connections() == 0 && here.streams() == 0 && !changed.contains(u) ? null : here);
    }
  }

  /** Folds the rows of {@code nodes} (gone) into the row of node '': last activity kept, no connections. */
  static void fold(Connection c, String... nodes) throws SQLException {
    try (PreparedStatement fold = c.prepareStatement(FOLD);
        PreparedStatement drop = c.prepareStatement("DELETE FROM presence WHERE node_id = ANY (?)")) {
      var ids = c.createArrayOf("text", nodes);
      fold.setArray(1, ids);
      fold.executeUpdate();
      drop.setArray(1, ids);
      drop.executeUpdate();
    }
  }

  private static Instant latest(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
