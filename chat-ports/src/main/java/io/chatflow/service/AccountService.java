package io.chatflow.service;

import io.chatflow.domain.ConflictException;
import io.chatflow.domain.InvalidException;
import io.chatflow.domain.Limit;
import io.chatflow.domain.NotFoundException;
import io.chatflow.domain.Page;
import io.chatflow.domain.Text;
import io.chatflow.domain.Validation;
import io.chatflow.domain.user.Account;
import io.chatflow.domain.user.DisplayName;
import io.chatflow.domain.user.Passwords;
import io.chatflow.domain.user.SessionId;
import io.chatflow.domain.user.User;
import io.chatflow.domain.user.UserId;
import io.chatflow.domain.user.Username;
import io.chatflow.ports.in.Accounts;
import io.chatflow.ports.in.Presence;
import io.chatflow.ports.in.UserProfile;
import io.chatflow.ports.out.IdGenerator;
import io.chatflow.ports.out.PasswordHasher;
import io.chatflow.ports.out.SessionFanout;
import io.chatflow.ports.out.SessionStore;
import io.chatflow.ports.out.SessionsEnded;
import io.chatflow.ports.out.Transactions;
import io.chatflow.ports.out.UserStore;
import java.time.Clock;
import java.util.List;
import java.util.Locale;

/** Accounts: registration, profile, password, deactivation, finding people. */
public final class AccountService implements Accounts {
  private final UserStore users;
  private final SessionStore sessions;
  private final Transactions transactions;
  private final PasswordHasher hasher;
  private final IdGenerator ids;
  private final Clock clock;
  private final Presence presence;
  private final SessionFanout ends;

  public AccountService(
      UserStore users, SessionStore sessions, Transactions transactions, PasswordHasher hasher,
      IdGenerator ids, Clock clock, Presence presence, SessionFanout ends) {
    this.users = users;
    this.sessions = sessions;
    this.transactions = transactions;
    this.hasher = hasher;
    this.ids = ids;
    this.clock = clock;
    this.presence = presence;
    this.ends = ends;
  }

  @Override
  public User register(String username, String password, String displayName) {
    Validation v = new Validation();
    Username name = v.check(() -> Username.of(username));
    v.check(() -> Passwords.requireValid(password, "password"));
    String shown = displayName == null ? null : v.check(() -> DisplayName.requireValid(displayName));
    v.throwIfInvalid();
    // Hashing is slow on purpose: do it before taking the write path.
    String hash = hasher.hash(password);
    User user = User.registered(new UserId(ids.newId()), name, shown == null ? name.value() : shown, clock.instant());
    return transactions.write(() -> {
      if (users.findByUsername(name).isPresent()) {
        throw new ConflictException("username is taken");
      }
      users.save(new Account(user, hash));
      return user;
    });
  }

  @Override
  public User me(UserId user) {
    return transactions.read(() -> account(user).user());
  }

  @Override
  public User rename(UserId user, String displayName) {
    String shown = DisplayName.requireValid(displayName);
    return transactions.write(() -> {
      Account account = accountForUpdate(user);
      Account renamed = account.withUser(account.user().renamed(shown));
      users.save(renamed);
      return renamed.user();
    });
  }

  @Override
  public void changePassword(UserId user, SessionId currentSession, String currentPassword, String newPassword) {
    Validation v = new Validation();
    v.check(() -> Text.require(currentPassword, "currentPassword"));
    v.check(() -> Passwords.requireValid(newPassword, "newPassword"));
    v.throwIfInvalid();
    Account account = transactions.read(() -> account(user));
    if (!hasher.verify(currentPassword, account.passwordHash())) {
      throw InvalidException.of("currentPassword", "is not the current password");
    }
    String hash = hasher.hash(newPassword);
    transactions.write(() -> {
      Account now = accountForUpdate(user);
      if (!now.passwordHash().equals(account.passwordHash())) {
        // changed by another request while this one checked: the password given is no longer current
        throw InvalidException.of("currentPassword", "is not the current password");
      }
      users.save(now.withPasswordHash(hash));
      sessions.revokeAll(user, currentSession, clock.instant());
      SessionsEnded ended = SessionsEnded.allBut(user, currentSession);
      transactions.afterCommit(() -> ends.publish(ended));
      return null;
    });
  }

  @Override
  public void deactivate(UserId user, String password) {
    Text.require(password, "password");
    Account account = transactions.read(() -> account(user));
    if (!hasher.verify(password, account.passwordHash())) {
      throw InvalidException.of("password", "is not the current password");
    }
    transactions.write(() -> {
      Account now = accountForUpdate(user);
      if (!now.passwordHash().equals(account.passwordHash())) {
        throw InvalidException.of("password", "is not the current password");
      }
      users.save(now.withUser(now.user().deactivate()));
      sessions.revokeAll(user, null, clock.instant());
      SessionsEnded ended = SessionsEnded.allBut(user, null);
      transactions.afterCommit(() -> ends.publish(ended));
      return null;
    });
  }

  @Override
  public Page<User> search(String query, String cursor, Integer limit) {
    Limit size = Limit.of(limit);
    String prefix = query == null ? "" : query.strip().toLowerCase(Locale.ROOT);
    // tagged, so that another list's cursor is refused rather than read as a username
    String after = Cursors.decodeText(cursor, 'u');
    List<User> found = transactions.read(() -> users.search(prefix, after, size.value() + 1));
    if (found.size() <= size.value()) {
      return new Page<>(found, null);
    }
    List<User> page = found.subList(0, size.value());
    return new Page<>(page, Cursors.encode("u" + page.get(page.size() - 1).username().value()));
  }

  @Override
  public UserProfile find(UserId id) {
    User user = transactions.read(() -> account(id).user());
    return new UserProfile(user, presence.of(id));
  }

  private Account account(UserId id) {
    return users.findById(id).orElseThrow(() -> new NotFoundException("user"));
  }

  private Account accountForUpdate(UserId id) {
    return users.findForUpdate(id).orElseThrow(() -> new NotFoundException("user"));
  }
}
