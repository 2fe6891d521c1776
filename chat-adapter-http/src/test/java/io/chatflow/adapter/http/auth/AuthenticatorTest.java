package io.chatflow.adapter.http.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatflow.adapter.http.HttpSettings;
import io.chatflow.adapter.http.KeyRing;
import io.chatflow.adapter.http.TokenKeys;
import io.chatflow.adapter.http.plumbing.BadToken;
import io.chatflow.adapter.http.plumbing.Principal;
import io.chatflow.domain.Page;
import io.chatflow.domain.user.Session;
import io.chatflow.domain.user.SessionClient;
import io.chatflow.ports.in.SessionInfo;
import io.chatflow.domain.user.SessionId;
import io.chatflow.domain.user.User;
import io.chatflow.domain.user.UserId;
import io.chatflow.domain.user.Username;
import io.chatflow.kit.Latches;
import io.chatflow.ports.in.Login;
import io.chatflow.ports.in.Presence;
import io.chatflow.ports.in.PresenceView;
import io.chatflow.ports.in.Sessions;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class AuthenticatorTest {
  /** The store's answer: active until revoked; the first question is held until released. */
  private final AtomicBoolean revoked = new AtomicBoolean();
  private final CountDownLatch asking = new CountDownLatch(1);
  private final CountDownLatch answer = new CountDownLatch(1);
  private volatile Runnable sessionsEnded;

  @Test
  void anAnswerGivenBeforeASessionEndedIsNotKeptAfterIt() throws Exception {
    TokenKeys keys = TokenKeys.generate();
    AccessTokens tokens = new AccessTokens(KeyRing.of(keys), HttpSettings.defaults(), Clock.systemUTC());
    Authenticator authenticator = new Authenticator(tokens, new HeldSessions(), new NoPresence());
    String token = token(tokens);

    CompletableFuture<Principal> inFlight = CompletableFuture.supplyAsync(
        () -> authenticator.authenticate(token));
    assertThat(asking.await(10, TimeUnit.SECONDS)).isTrue(); // it has read "active"...
    revoked.set(true);
    sessionsEnded.run(); // ...and the core says the session ended before it answers
    answer.countDown();
    assertThat(inFlight.get(10, TimeUnit.SECONDS)).isNotNull(); // a request already under way

    assertThatThrownBy(() -> authenticator.authenticate(token)).isInstanceOf(BadToken.class);
  }

  private static String token(AccessTokens tokens) {
    Instant now = Instant.now();
    UserId user = new UserId("u1");
    Session session = Session.started(new SessionId("s1"), user, "hash", now, now.plusSeconds(3600), SessionClient.UNKNOWN);
    return tokens.issue(new Login(User.registered(user, Username.of("kim"), "kim", now), session, "refresh")).token();
  }

  private final class HeldSessions implements Sessions {
    @Override
    public boolean isActive(SessionId session) {
      boolean active = !revoked.get();
      if (asking.getCount() > 0) {
        asking.countDown();
        Latches.awaitQuietly(answer);
      }
      return active;
    }

    @Override
    public Login login(String username, String password, SessionClient client) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Page<SessionInfo> list(UserId user, SessionId current, String cursor, Integer limit) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void end(UserId user, SessionId session) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Login refresh(String refreshToken) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void revoke(String refreshToken) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Watch watch(UserId user, SessionId session, Runnable ended) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Watch watchEnds(Runnable listener) {
      sessionsEnded = listener;
      return () -> {};
    }
  }

  private static final class NoPresence implements Presence {
    @Override
    public void touch(UserId user) {}

    @Override
    public void connected(UserId user) {}

    @Override
    public void disconnected(UserId user) {}

    @Override
    public PresenceView of(UserId user) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void streamOpened(UserId user) {}

    @Override
    public void streamClosed(UserId user) {}

    @Override
    public int streamsElsewhere(UserId user) {
      return 0;
    }
  }
}
