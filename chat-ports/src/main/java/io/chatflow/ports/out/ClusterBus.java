package io.chatflow.ports.out;

import io.chatflow.domain.user.UserId;
import java.util.Set;

/**
 * Wake-ups between the nodes that share one store. The store stays the truth: a notice only
 * says where to look ("these users' feeds have new events up to position P"), so a notice that
 * is late or lost delays a delivery and never loses or reorders one; after the bus lost notices
 * (it reconnected) it says so with {@link Receiver#resync}. Ephemeral events (typing, presence)
 * and session ends travel whole. A node does not hear its own notices.
 */
public interface ClusterBus extends AutoCloseable {
  /** The feeds of {@code users} have new events up to {@code position}. Never blocks. */
  void feedsAdvanced(Set<UserId> users, long position);

  /** Sessions ended: every node closes the streams opened in them. Never blocks. */
  void sessionsEnded(SessionsEnded ended);

  /** A typing or presence event for its recipients on the other nodes (lost when the bus is down). Never blocks. */
  void ephemeral(Delivery delivery);

  /** Starts handing the other nodes' notices to {@code receiver} (on the bus's own thread); call once. */
  void start(Receiver receiver);

  /** Whether notices travel now (readiness checks). */
  boolean reachable();

  /** Stops listening and sending; what is still queued may be dropped. */
  @Override
  void close();

  /** What this node does with the other nodes' notices. Must not block. */
  interface Receiver {
    void feedsAdvanced(Set<UserId> users, long position);

    void sessionsEnded(SessionsEnded ended);

    void ephemeral(Delivery delivery);

    /** Notices may have been lost: every feed re-reads the log, every session watch re-checks the store. */
    void resync();
  }
}
