package io.chatflow.adapter.memory;

import io.chatflow.domain.user.Session;
import io.chatflow.domain.user.SessionId;
import io.chatflow.domain.user.UserId;
import io.chatflow.ports.out.SessionStore;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

final class MemorySessionStore implements SessionStore {
  private static final Comparator<Session> NEWEST_FIRST = Comparator.comparing(Session::createdAt)
      .thenComparing(s -> s.id().value()).reversed();

  private final Map<SessionId, Session> byId = new ConcurrentHashMap<>();
  private final Map<String, SessionId> byTokenHash = new ConcurrentHashMap<>();
  private final Undoable undoable;

  MemorySessionStore(Undoable undoable) {
    this.undoable = undoable;
  }

  @Override
  public void save(Session session) {
    undoable.put(byId, session.id(), session);
    undoable.put(byTokenHash, session.refreshTokenHash(), session.id());
  }

  @Override
  public Optional<Session> findById(SessionId id) {
    return Optional.ofNullable(byId.get(id));
  }

  @Override
  public Optional<Session> findByTokenHash(String refreshTokenHash) {
    return Optional.ofNullable(byTokenHash.get(refreshTokenHash)).map(byId::get);
  }

  @Override
  public void revokeAll(UserId user, SessionId except, Instant at) {
    List<Session> ending = byId.values().stream()
        .filter(s -> s.userId().equals(user) && !s.id().equals(except) && !s.revoked())
        .toList();
    ending.forEach(s -> undoable.put(byId, s.id(), s.ended(at)));
  }

  @Override
  public List<Session> findActive(UserId user, Instant now, Position after, int limit) {
    return byId.values().stream()
        .filter(s -> s.userId().equals(user) && s.isActive(now) && (after == null || after.precedes(s)))
        .sorted(NEWEST_FIRST)
        .limit(limit)
        .toList();
  }

  @Override
  public int prune(Instant before, int limit) {
    Set<SessionId> gone = byId.values().stream()
        .filter(s -> !s.expiresAt().isAfter(before))
        .limit(limit)
        .map(Session::id)
        .collect(Collectors.toSet());
    if (gone.isEmpty()) {
      return 0;
    }
    byTokenHash.entrySet().stream().filter(e -> gone.contains(e.getValue())).map(Map.Entry::getKey).toList()
        .forEach(hash -> undoable.remove(byTokenHash, hash));
    gone.forEach(id -> undoable.remove(byId, id));
    return gone.size();
  }

  /** Whoever has a session, ended or not. */
  Set<UserId> owners() {
    return byId.values().stream().map(Session::userId).collect(Collectors.toSet());
  }

  /** Forgets everything (inside a write, for the test harness's reset). */
  void clear() {
    byId.clear();
    byTokenHash.clear();
  }
}
