package io.chatflow.adapter.http.live;

import io.chatflow.domain.user.UserId;
import io.chatflow.ports.in.Presence;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts open streams and sockets, per user and overall, against the configured limits. Each
 * stream is told to presence, so that the per-user limit counts the user's streams on the other
 * nodes of a cluster too, as their heartbeat wrote them: up to a second behind (streams opened
 * on several nodes within that second may pass it). Streams spread over N nodes get one limit,
 * not N. The overall limit stays this node's: it guards this node's memory.
 */
final class StreamLimits {
  enum Refusal { PER_USER, OVERALL }

  /** Thrown when a limit is reached; the transport turns it into 429 or a close code. */
  static final class Full extends RuntimeException {
    final Refusal refusal;

    Full(Refusal refusal) {
      super(refusal == Refusal.PER_USER ? "too many open streams for this user" : "too many open streams", null,
          false, false);
      this.refusal = refusal;
    }
  }

  private final int perUser;
  private final int overall;
  private final Presence presence;
  private final AtomicInteger total = new AtomicInteger();
  private final Map<UserId, AtomicInteger> byUser = new ConcurrentHashMap<>();

  StreamLimits(int perUser, int overall, Presence presence) {
    this.perUser = perUser;
    this.overall = overall;
    this.presence = presence;
  }

  /** Takes one slot for {@code user}, or throws {@link Full}. */
  Permit acquire(UserId user) {
    if (total.incrementAndGet() > overall) {
      total.decrementAndGet();
      throw new Full(Refusal.OVERALL);
    }
    int elsewhere;
    try {
      elsewhere = presence.streamsElsewhere(user);
    } catch (RuntimeException e) {
      total.decrementAndGet();
      throw e;
    }
    boolean[] ok = {false};
    byUser.compute(user, (u, n) -> {
      AtomicInteger count = n == null ? new AtomicInteger() : n;
      if (count.get() + elsewhere < perUser) {
        count.incrementAndGet();
        ok[0] = true;
      }
      return count.get() == 0 ? null : count;
    });
    if (!ok[0]) {
      total.decrementAndGet();
      throw new Full(Refusal.PER_USER);
    }
    presence.streamOpened(user);
    return new Permit(user);
  }

  /** Whether {@link #acquire} would fail now (a check before a handshake; the acquire later decides). */
  void check(UserId user) {
    if (total.get() >= overall) {
      throw new Full(Refusal.OVERALL);
    }
    AtomicInteger n = byUser.get(user);
    if ((n == null ? 0 : n.get()) + presence.streamsElsewhere(user) >= perUser) {
      throw new Full(Refusal.PER_USER);
    }
  }

  int open() {
    return total.get();
  }

  /** One taken slot; releasing it twice does nothing. */
  final class Permit {
    private final UserId user;
    private final AtomicBoolean released = new AtomicBoolean();

    private Permit(UserId user) {
      this.user = user;
    }

    void release() {
      if (released.compareAndSet(false, true)) {
        byUser.computeIfPresent(user, (u, n) -> n.decrementAndGet() == 0 ? null : n);
        total.decrementAndGet();
        presence.streamClosed(user);
      }
    }
  }
}
