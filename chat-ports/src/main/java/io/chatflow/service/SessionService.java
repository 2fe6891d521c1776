package io.chatflow.service;

import io.chatflow.domain.InvalidException;
import io.chatflow.domain.UnauthenticatedException;
import io.chatflow.domain.user.Account;
import io.chatflow.domain.user.Session;
import io.chatflow.domain.user.SessionId;
import io.chatflow.domain.user.UserId;
import io.chatflow.domain.user.Username;
import io.chatflow.ports.in.Login;
import io.chatflow.ports.in.Sessions;
import io.chatflow.ports.out.IdGenerator;
import io.chatflow.ports.out.PasswordHasher;
import io.chatflow.ports.out.SessionFanout;
import io.chatflow.ports.out.SessionStore;
import io.chatflow.ports.out.SessionsEnded;
import io.chatflow.ports.out.Transactions;
import io.chatflow.ports.out.UserStore;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;

/** Login sessions with refresh tokens that rotate on use and are stored only as hashes. */
public final class SessionService implements Sessions {
  private static final System.Logger LOG = System.getLogger(SessionService.class.getName());
  private static final SecureRandom RANDOM = new SecureRandom();

  private final UserStore users;
  private final SessionStore sessions;
  private final Transactions transactions;
  private final PasswordHasher hasher;
  private final IdGenerator ids;
  private final Clock clock;
  private final Duration lifetime;
  private final SessionFanout ends;
  private final SessionWatches watches;
  private volatile String decoyHash;

  public SessionService(
      UserStore users, SessionStore sessions, Transactions transactions, PasswordHasher hasher,
      IdGenerator ids, Clock clock, Duration lifetime, SessionFanout ends, Executor executor) {
    this.users = users;
    this.sessions = sessions;
    this.transactions = transactions;
    this.hasher = hasher;
    this.ids = ids;
    this.clock = clock;
    this.lifetime = lifetime;
    this.ends = ends;
    this.watches = new SessionWatches(sessions, transactions, ends, clock, executor);
  }

  @Override
  public Login login(String username, String password) {
    Optional<Account> account = findAccount(username);
    // An unknown user costs one hash check too, so timing does not tell who exists.
    String hash = account.map(Account::passwordHash).orElseGet(this::decoyHash);
    boolean matches = password != null && hasher.verify(password, hash);
    if (account.isEmpty() || !matches) {
      throw new UnauthenticatedException("wrong username or password");
    }
    String token = newToken();
    Instant now = clock.instant();
    Session session = new Session(
        new SessionId(ids.newId()), account.get().user().id(), digest(token), now, now.plus(lifetime), false);
    transactions.write(() -> {
      // the password may have changed while it was checked: that change ended every other
      // session, and it must end this one too
      boolean unchanged = users.findById(session.userId())
          .map(a -> a.passwordHash().equals(hash)).orElse(false);
      if (!unchanged) {
        throw new UnauthenticatedException("wrong username or password");
      }
      sessions.save(session);
      return null;
    });
    return new Login(account.get().user(), session, token);
  }

  @Override
  public Login refresh(String refreshToken) {
    String presented = digest(requireToken(refreshToken));
    String token = newToken();
    Instant now = clock.instant();
    Session session = transactions.write(() -> {
      Session found = sessions.findByTokenHash(presented)
          .filter(s -> s.isActive(now))
          .orElseThrow(() -> new UnauthenticatedException("refresh token is not valid"));
      if (!found.refreshTokenHash().equals(presented)) {
        // A token that was rotated away came back: someone holds a copy. End the session.
        Session ended = found.ended();
        sessions.save(ended);
        published(SessionsEnded.one(ended.userId(), ended.id()));
        return ended;
      }
      Session next = found.rotated(digest(token), now.plus(lifetime));
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
        .orElseThrow(() -> new UnauthenticatedException("the account is gone")).user(), session, token);
  }

  @Override
  public void revoke(String refreshToken) {
    if (refreshToken == null || refreshToken.isEmpty()) {
      return;
    }
    String presented = digest(refreshToken);
    transactions.write(() -> {
      sessions.findByTokenHash(presented).filter(s -> !s.revoked()).ifPresent(s -> {
        sessions.save(s.ended());
        published(SessionsEnded.one(s.userId(), s.id()));
      });
      return null;
    });
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
      hash = hasher.hash(newToken());
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

  private static String newToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Refresh tokens are 256 random bits, so one fast hash is enough to keep them secret at rest. */
  static String digest(String token) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
