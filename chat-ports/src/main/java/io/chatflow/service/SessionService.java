package io.chatflow.service;

import io.chatflow.domain.InvalidException;
import io.chatflow.domain.Limit;
import io.chatflow.domain.MalformedException;
import io.chatflow.domain.NotFoundException;
import io.chatflow.domain.Page;
import io.chatflow.domain.UnauthenticatedException;
import io.chatflow.domain.user.Account;
import io.chatflow.domain.user.Session;
import io.chatflow.domain.user.SessionClient;
import io.chatflow.domain.user.SessionId;
import io.chatflow.domain.user.UserId;
import io.chatflow.domain.user.Username;
import io.chatflow.ports.in.Login;
import io.chatflow.ports.in.SessionInfo;
import io.chatflow.ports.in.Sessions;
import io.chatflow.ports.out.IdGenerator;
import io.chatflow.ports.out.PasswordHasher;
import io.chatflow.ports.out.SessionFanout;
import io.chatflow.ports.out.SessionStore;
import io.chatflow.ports.out.SessionsEnded;
import io.chatflow.ports.out.Transactions;
import io.chatflow.ports.out.UserStore;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;

/** Login sessions with refresh tokens that rotate on use and are stored only as hashes. */
public final class SessionService implements Sessions {
  private static final System.Logger LOG = System.getLogger(SessionService.class.getName());
  /** Sessions one prune deletes at most: it runs every second, so a backlog drains in small steps. */
  static final int PRUNE_BATCH = 500;

  private final UserStore users;
  private final SessionStore sessions;
  private final Transactions transactions;
  private final PasswordHasher hasher;
  private final IdGenerator ids;
  private final Clock clock;
  private final Duration lifetime;
  private final Duration maxLifetime;
  private final SessionFanout ends;
  private final SessionWatches watches;
  private volatile String decoyHash;

  public SessionService(
      UserStore users, SessionStore sessions, Transactions transactions, PasswordHasher hasher,
      IdGenerator ids, Clock clock, Duration lifetime, Duration maxLifetime, SessionFanout ends, Executor executor) {
    this.users = users;
    this.sessions = sessions;
    this.transactions = transactions;
    this.hasher = hasher;
    this.ids = ids;
    this.clock = clock;
    this.lifetime = lifetime;
    this.maxLifetime = maxLifetime;
    this.ends = ends;
    this.watches = new SessionWatches(sessions, transactions, ends, clock, executor);
  }

  @Override
  public Login login(String username, String password, SessionClient client) {
    Optional<Account> account = findAccount(username);
    // An unknown user costs one hash check too, so timing does not tell who exists.
    String hash = account.map(Account::passwordHash).orElseGet(this::decoyHash);
    boolean matches = password != null && hasher.verify(password, hash);
    if (account.isEmpty() || !matches || account.get().user().deactivated()) {
      throw new UnauthenticatedException("wrong username or password");
    }
    String token = RefreshTokens.newToken();
    Instant now = clock.instant();
    Session session = Session.started(new SessionId(ids.newId()), account.get().user().id(),
        RefreshTokens.digest(token), now, expiry(now, now), Objects.requireNonNull(client, "client"));
    transactions.write(() -> {
      // the password may have changed while it was checked: that change ended every other
      // session, and it must end this one too; so must a deactivation
      boolean unchanged = users.findById(session.userId())
          .map(a -> a.passwordHash().equals(hash) && !a.user().deactivated()).orElse(false);
      if (!unchanged) {
        throw new UnauthenticatedException("wrong username or password");
      }
      sessions.save(session);
      return null;
    });
    return new Login(account.get().user(), session, token);
  }

  /** The idle expiry from {@code now}, never past the absolute lifetime from the login. */
  private Instant expiry(Instant createdAt, Instant now) {
    Instant idle = now.plus(lifetime);
    Instant absolute = createdAt.plus(maxLifetime);
    return idle.isBefore(absolute) ? idle : absolute;
  }

  @Override
  public Login refresh(String refreshToken) {
    String presented = RefreshTokens.digest(requireToken(refreshToken));
    String token = RefreshTokens.newToken();
    Instant now = clock.instant();
    Session session = transactions.write(() -> {
      Session found = sessions.findByTokenHash(presented)
          .filter(s -> s.isActive(now))
          .orElseThrow(() -> new UnauthenticatedException("refresh token is not valid"));
      if (!found.refreshTokenHash().equals(presented)) {
        // A token that was rotated away came back: someone holds a copy. End the session.
        Session ended = found.ended(now);
        sessions.save(ended);
        published(SessionsEnded.one(ended.userId(), ended.id()));
        return ended;
      }
      Session next = found.rotated(RefreshTokens.digest(token), now, expiry(found.createdAt(), now));
      sessions.save(next);
      return next;
    });
    if (session.revoked()) {
      // logged here, once committed: a write may run more than once
      LOG.log(Level.WARNING, "event=refresh_token_reused session={0} user={1}: the session is ended",
          session.id().value(), session.userId().value());
      throw new UnauthenticatedException("refresh token was already used");
    }
    return new Login(transactions.read(() -> users.findById(session.userId()))
        .filter(a -> !a.user().deactivated())
        .orElseThrow(() -> new UnauthenticatedException("the account is gone")).user(), session, token);
  }

  @Override
  public void revoke(String refreshToken) {
    if (refreshToken == null || refreshToken.isEmpty()) {
      return;
    }
    String presented = RefreshTokens.digest(refreshToken);
    Instant now = clock.instant();
    transactions.write(() -> {
      sessions.findByTokenHash(presented).filter(s -> !s.revoked()).ifPresent(s -> {
        sessions.save(s.ended(now));
        published(SessionsEnded.one(s.userId(), s.id()));
      });
      return null;
    });
  }

  @Override
  public Page<SessionInfo> list(UserId user, SessionId current, String cursor, Integer limit) {
    Limit size = Limit.of(limit);
    SessionStore.Position after = position(cursor);
    Instant now = clock.instant();
    List<Session> found = transactions.read(() -> sessions.findActive(user, now, after, size.value() + 1));
    List<Session> page = found.size() <= size.value() ? found : found.subList(0, size.value());
    String next = null;
    if (found.size() > size.value()) {
      Session last = page.get(page.size() - 1);
      next = Cursors.encode("s" + last.createdAt().getEpochSecond() + "." + last.createdAt().getNano() + ":" + last.id());
    }
    return new Page<>(page.stream().map(s -> SessionInfo.of(s, current)).toList(), next);
  }

  /** Where a session list's cursor points; tagged, so another list's cursor is refused. */
  private static SessionStore.Position position(String cursor) {
    String key = Cursors.decodeText(cursor, 's');
    if (key == null) {
      return null;
    }
    int dot = key.indexOf('.');
    int colon = key.indexOf(':');
    try {
      if (dot > 0 && colon > dot + 1 && colon < key.length() - 1) {
        Instant at = Instant.ofEpochSecond(Long.parseLong(key.substring(0, dot)), Long.parseLong(key.substring(dot + 1, colon)));
        return new SessionStore.Position(at, new SessionId(key.substring(colon + 1)));
      }
    } catch (RuntimeException e) {
      // falls through to the one answer for every bad cursor
    }
    throw new MalformedException("cursor", "is not a cursor of this list");
  }

  @Override
  public void end(UserId user, SessionId session) {
    Instant now = clock.instant();
    transactions.write(() -> {
      Session found = sessions.findById(session)
          .filter(s -> s.userId().equals(user) && s.isActive(now))
          .orElseThrow(() -> new NotFoundException("session"));
      sessions.save(found.ended(now));
      published(SessionsEnded.one(user, session));
      return null;
    });
  }

  /** Deletes one batch of sessions that ended or ran out; call it now and then (the app schedules it). */
  int prune() {
    Instant now = clock.instant();
    return transactions.write(() -> sessions.prune(now, PRUNE_BATCH));
  }

  /** Within a write: tells every node once it commits. */
  private void published(SessionsEnded ended) {
    transactions.afterCommit(() -> ends.publish(ended));
  }

  @Override
  public Watch watch(UserId user, SessionId session, Runnable ended) {
    Objects.requireNonNull(ended, "ended");
    return watches.watch(user, session, ended);
  }

  @Override
  public Watch watchEnds(Runnable listener) {
    return watches.watchEnds(Objects.requireNonNull(listener, "listener"));
  }

  /** Ends the watches of sessions whose lifetime ran out; call it now and then (the app schedules it). */
  int sweep() {
    return watches.sweep();
  }

  void close() {
    watches.close();
  }

  @Override
  public boolean isActive(SessionId session) {
    Instant now = clock.instant();
    return transactions.read(() -> sessions.findById(session)).map(s -> s.isActive(now)).orElse(false);
  }

  private Optional<Account> findAccount(String username) {
    try {
      Username name = Username.of(username);
      return transactions.read(() -> users.findByUsername(name));
    } catch (InvalidException e) {
      return Optional.empty();
    }
  }

  private String decoyHash() {
    String hash = decoyHash;
    if (hash == null) {
      hash = hasher.hash(RefreshTokens.newToken());
      decoyHash = hash;
    }
    return hash;
  }

  private static String requireToken(String token) {
    if (token == null || token.isEmpty()) {
      throw new UnauthenticatedException("refresh token is missing");
    }
    return token;
  }
}
