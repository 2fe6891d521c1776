package io.chatflow.adapter.memory;

import io.chatflow.domain.ConflictException;
import io.chatflow.domain.user.Account;
import io.chatflow.domain.user.User;
import io.chatflow.domain.user.UserId;
import io.chatflow.domain.user.Username;
import io.chatflow.ports.out.UserStore;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

final class MemoryUserStore implements UserStore {
  private final Map<UserId, Account> byId = new ConcurrentHashMap<>();
  private final ConcurrentSkipListMap<String, UserId> byUsername = new ConcurrentSkipListMap<>();
  private final Undoable undoable;

  MemoryUserStore(Undoable undoable) {
    this.undoable = undoable;
  }

  @Override
  public void save(Account account) {
    User user = account.user();
    UserId holder = byUsername.get(user.username().value());
    if (holder != null && !holder.equals(user.id())) {
      throw new ConflictException("username is taken");
    }
    Account old = byId.get(user.id());
    if (old != null && !old.user().username().equals(user.username())) {
      undoable.remove(byUsername, old.user().username().value());
    }
    undoable.put(byId, user.id(), account);
    undoable.put(byUsername, user.username().value(), user.id());
  }

  @Override
  public Optional<Account> findForUpdate(UserId id) {
    // writes run one at a time: nothing can change the account until this write ends
    return findById(id);
  }

  @Override
  public Optional<Account> findById(UserId id) {
    return Optional.ofNullable(byId.get(id));
  }

  @Override
  public Optional<Account> findByUsername(Username username) {
    return Optional.ofNullable(byUsername.get(username.value())).map(byId::get);
  }

  @Override
  public List<User> findAllById(Collection<UserId> ids) {
    return ids.stream().distinct().map(byId::get).filter(Objects::nonNull).map(Account::user).toList();
  }

  @Override
  public List<User> search(String prefix, String afterUsername, int limit) {
    var from = afterUsername == null ? byUsername : byUsername.tailMap(afterUsername, false);
    return from.values().stream()
        .map(id -> byId.get(id).user())
        .filter(u -> u.username().value().startsWith(prefix)
            || u.displayName().toLowerCase(Locale.ROOT).startsWith(prefix))
        .limit(limit)
        .toList();
  }

  /** Forgets everything (inside a write, for the test harness's reset). */
  void clear() {
    byId.clear();
    byUsername.clear();
  }
}
