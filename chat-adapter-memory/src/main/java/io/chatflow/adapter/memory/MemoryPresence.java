package io.chatflow.adapter.memory;

import io.chatflow.domain.user.UserId;
import io.chatflow.ports.out.PresenceStore;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Presence within one process: last activity and open connections per user. */
public final class MemoryPresence implements PresenceStore {
  private final Map<UserId, Seen> seen = new ConcurrentHashMap<>();
  private final Set<UserId> online = ConcurrentHashMap.newKeySet();

  @Override
  public void touch(UserId user, Instant at) {
    seen.merge(user, new Seen(0, at), (old, now) -> new Seen(old.connections(), latest(old.lastSeenAt(), at)));
  }

  @Override
  public void connected(UserId user, Instant at) {
    seen.merge(user, new Seen(1, at), (old, now) -> new Seen(old.connections() + 1, latest(old.lastSeenAt(), at)));
  }

  @Override
  public void disconnected(UserId user, Instant at) {
    seen.computeIfPresent(user, (u, old) -> new Seen(Math.max(0, old.connections() - 1), latest(old.lastSeenAt(), at)));
  }

  @Override
  public Optional<Seen> find(UserId user) {
    return Optional.ofNullable(seen.get(user));
  }

  // one process: its streams are counted where they are opened, and there is no elsewhere
  @Override
  public void streamOpened(UserId user, Instant at) {}

  @Override
  public void streamClosed(UserId user, Instant at) {}

  @Override
  public int streamsElsewhere(UserId user) {
    return 0;
  }

  @Override
  public boolean announce(UserId user, boolean isOnline) {
    return isOnline ? online.add(user) : online.remove(user);
  }

  @Override
  public Set<UserId> announcedOnline() {
    return Set.copyOf(online);
  }

  private static Instant latest(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  /** Forgets everyone (the test harness's reset). */
  public void clear() {
    seen.clear();
    online.clear();
  }
}
