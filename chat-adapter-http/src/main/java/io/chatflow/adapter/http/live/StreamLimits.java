package io.chatflow.adapter.http.live;

import io.chatflow.domain.user.UserId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToIntFunction;

/**
 * Counts open streams and sockets, per user and overall, against the configured limits. The
 * per-user limit counts the user's connections on the other nodes of a cluster too (as their
 * presence has them: up to a heartbeat, a second, behind, and with their waiting long polls), so
 * streams spread over N nodes get one limit, not N. The overall limit stays this node's: it
 * guards this node's memory.
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
  private final AtomicInteger total = new AtomicInteger();
  private final Map<UserId, AtomicInteger> byUser = new ConcurrentHashMap<>();
  private final ToIntFunction<UserId> elsewhere;

  /** {@code elsewhere}: the user's connections on the other nodes (0 on a single node). */
  StreamLimits(int perUser, int overall, ToIntFunction<UserId> elsewhere) {
    this.perUser = perUser;
    this.overall = overall;
    this.elsewhere = elsewhere;
  }

  /** Takes one slot for {@code user}, or throws {@link Full}. */
  Permit acquire(UserId user) {
    if (total.incrementAndGet() > overall) {
      total.decrementAndGet();
      throw new Full(Refusal.OVERALL);
    }
    int there;
    try {
      there = elsewhere.applyAsInt(user);
    } catch (RuntimeException e) {
      total.decrementAndGet();
      throw e;
    }
    boolean[] ok = {false};
    byUser.compute(user, (u, n) -> {
      AtomicInteger count = n == null ? new AtomicInteger() : n;
      if (count.get() + there < perUser) {
        count.incrementAndGet();
        ok[0] = true;
      }
      return count.get() == 0 ? null : count;
    });
    if (!ok[0]) {
      total.decrementAndGet();
      throw new Full(Refusal.PER_USER);
    }
    return new Permit(user);
  }

  /** Whether {@link #acquire} would fail now (a check before a handshake; the acquire later decides). */
  void check(UserId user) {
    if (total.get() >= overall) {
      throw new Full(Refusal.OVERALL);
    }
    AtomicInteger n = byUser.get(user);
    if ((n == null ? 0 : n.get()) + elsewhere.applyAsInt(user) >= perUser) {
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
      }
    }
  }
}
