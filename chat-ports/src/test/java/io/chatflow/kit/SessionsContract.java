package io.chatflow.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.chatflow.domain.ConflictException;
import io.chatflow.domain.InvalidException;
import io.chatflow.domain.MalformedException;
import io.chatflow.domain.NotFoundException;
import io.chatflow.domain.UnauthenticatedException;
import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.user.SessionClient;
import io.chatflow.domain.user.SessionId;
import io.chatflow.domain.user.User;
import io.chatflow.ports.in.Login;
import io.chatflow.ports.in.MessageQuery;
import io.chatflow.ports.in.SessionInfo;
import io.chatflow.service.CoreSettings;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Sessions people can see and end, deactivation, the absolute lifetime and pruning. */
public abstract class SessionsContract extends UseCaseTest {
  private static final SessionClient PHONE = new SessionClient("ChatFlow-iOS/2.1", "198.51.100.4");
  private static final SessionClient LAPTOP = new SessionClient("Mozilla/5.0 (Macintosh)", "2001:db8::1");

  @Override
  protected CoreSettings settings() {
    return super.settings().withSessionLifetimes(Duration.ofDays(1), Duration.ofDays(3));
  }

  @Test
  void theListShowsLiveSessionsNewestFirstWithTheirClientLastUseAndWhichIsCurrent() {
    User alice = register("alice");
    Login phone = core.sessions().login("alice", "password", PHONE);
    clock.advance(Duration.ofMinutes(1));
    Login laptop = core.sessions().login("alice", "password", LAPTOP);
    clock.advance(Duration.ofMinutes(1));
    Login ended = core.sessions().login("alice", "password", LAPTOP);
    core.sessions().revoke(ended.refreshToken());
    clock.advance(Duration.ofMinutes(1));
    core.sessions().refresh(phone.refreshToken());
    register("bob");
    core.sessions().login("bob", "password", PHONE);

    var all = core.sessions().list(alice.id(), laptop.session().id(), null, null);
    assertThat(all.items()).extracting(SessionInfo::id).containsExactly(laptop.session().id(), phone.session().id());
    assertThat(all.nextCursor()).isNull();
    SessionInfo mine = all.items().get(0);
    SessionInfo other = all.items().get(1);
    assertThat(mine.current()).isTrue();
    assertThat(mine.userAgent()).isEqualTo(LAPTOP.userAgent());
    assertThat(mine.address()).isEqualTo(LAPTOP.address());
    assertThat(mine.lastUsedAt()).isEqualTo(mine.createdAt());
    assertThat(other.current()).isFalse();
    assertThat(other.lastUsedAt()).isAfter(other.createdAt().plus(Duration.ofMinutes(2)));

    var first = core.sessions().list(alice.id(), null, null, 1);
    assertThat(first.items()).extracting(SessionInfo::id).containsExactly(laptop.session().id());
    var second = core.sessions().list(alice.id(), null, first.nextCursor(), 1);
    assertThat(second.items()).extracting(SessionInfo::id).containsExactly(phone.session().id());
    assertThat(second.nextCursor()).isNull();
  }

  @Test
  void aBadOrForeignCursorIsMalformedAndAnOutOfRangeLimitInvalid() {
    User alice = register("alice");
    register("anna");
    String usersCursor = core.accounts().search("a", null, 1).nextCursor();
    assertThatThrownBy(() -> core.sessions().list(alice.id(), null, "garbage!", null))
        .isInstanceOf(MalformedException.class);
    assertThatThrownBy(() -> core.sessions().list(alice.id(), null, usersCursor, null))
        .isInstanceOf(MalformedException.class);
    assertThatThrownBy(() -> core.sessions().list(alice.id(), null, null, 0)).isInstanceOf(InvalidException.class);
    assertThatThrownBy(() -> core.sessions().list(alice.id(), null, null, 201)).isInstanceOf(InvalidException.class);
  }

  @Test
  void endingASessionRefusesItsTokensAndFiresItsWatchButNobodyEndsAnotherUsersSession() throws Exception {
    register("alice");
    register("mallory");
    Login alice = core.sessions().login("alice", "password", PHONE);
    Login kept = core.sessions().login("alice", "password", LAPTOP);
    Login mallory = core.sessions().login("mallory", "password");
    CountDownLatch ended = new CountDownLatch(1);
    core.sessions().watch(alice.user().id(), alice.session().id(), ended::countDown);

    assertThatThrownBy(() -> core.sessions().end(mallory.user().id(), alice.session().id()))
        .isInstanceOf(NotFoundException.class);
    assertThat(core.sessions().isActive(alice.session().id())).isTrue();
    assertThatThrownBy(() -> core.sessions().end(alice.user().id(), new SessionId("no-such-session")))
        .isInstanceOf(NotFoundException.class);

    core.sessions().end(alice.user().id(), alice.session().id());
    assertThat(ended.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(core.sessions().isActive(alice.session().id())).isFalse();
    assertThat(core.sessions().isActive(kept.session().id())).isTrue();
    assertThatThrownBy(() -> core.sessions().refresh(alice.refreshToken())).isInstanceOf(UnauthenticatedException.class);
    assertThatThrownBy(() -> core.sessions().end(alice.user().id(), alice.session().id()))
        .isInstanceOf(NotFoundException.class);
    assertThat(core.sessions().list(alice.user().id(), null, null, null).items()).extracting(SessionInfo::id)
        .containsExactly(kept.session().id());
  }

  @Test
  void deactivationChecksThePasswordEndsEverySessionAndRefusesLoginLikeAWrongPassword() throws Exception {
    User alice = register("alice");
    User bob = register("bob");
    ConversationId chat = direct(alice, bob);
    post(alice, chat, "hello");
    Login one = core.sessions().login("alice", "password");
    Login two = core.sessions().login("alice", "password");
    CountDownLatch bothEnded = new CountDownLatch(2);
    core.sessions().watch(alice.id(), one.session().id(), bothEnded::countDown);
    core.sessions().watch(alice.id(), two.session().id(), bothEnded::countDown);

    assertThatThrownBy(() -> core.accounts().deactivate(alice.id(), "wrong-password"))
        .isInstanceOf(InvalidException.class)
        .satisfies(e -> assertThat(((InvalidException) e).errors()).extracting(f -> f.field()).containsExactly("password"));
    assertThat(core.sessions().isActive(one.session().id())).isTrue();

    core.accounts().deactivate(alice.id(), "password");
    assertThat(bothEnded.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(core.sessions().isActive(one.session().id())).isFalse();
    assertThat(core.sessions().isActive(two.session().id())).isFalse();
    assertThatThrownBy(() -> core.sessions().refresh(two.refreshToken())).isInstanceOf(UnauthenticatedException.class);
    Throwable deactivated = catchThrowable(() -> core.sessions().login("alice", "password"));
    Throwable wrong = catchThrowable(() -> core.sessions().login("bob", "wrong-password"));
    assertThat(deactivated).isInstanceOf(UnauthenticatedException.class).hasMessage(wrong.getMessage());
    assertThatThrownBy(() -> core.accounts().register("alice", "password", null)).isInstanceOf(ConflictException.class);
    var messages = core.messaging().list(bob.id(), chat, MessageQuery.newest()).items();
    assertThat(messages).singleElement().satisfies(m -> {
      assertThat(m.message().body()).isEqualTo("hello");
      assertThat(m.sender().deactivated()).isTrue();
    });
  }

  @Test
  void aSessionEndsAtItsAbsoluteLifetimeHoweverOftenItIsRefreshed() {
    register("alice");
    Login login = core.sessions().login("alice", "password");
    String token = login.refreshToken();
    for (int i = 0; i < 3; i++) {
      clock.advance(Duration.ofHours(20));
      token = core.sessions().refresh(token).refreshToken();
    }
    // used 12 hours ago, within the idle day, but 3 days after its login
    clock.advance(Duration.ofHours(12));
    assertThat(core.sessions().isActive(login.session().id())).isFalse();
    String last = token;
    assertThatThrownBy(() -> core.sessions().refresh(last)).isInstanceOf(UnauthenticatedException.class);
  }

  @Test
  void endedAndExpiredSessionsArePrunedAndLiveOnesKept() {
    register("alice");
    Login revoked = core.sessions().login("alice", "password");
    Login live = core.sessions().login("alice", "password");
    core.sessions().revoke(revoked.refreshToken());
    clock.advance(Duration.ofSeconds(1));

    assertThat(assembled.pruneSessions()).isEqualTo(1);
    assertThat(assembled.pruneSessions()).isZero();
    assertThat(core.sessions().isActive(live.session().id())).isTrue();
    assertThatThrownBy(() -> core.sessions().refresh(revoked.refreshToken()))
        .isInstanceOf(UnauthenticatedException.class);

    clock.advance(Duration.ofDays(2));
    assertThat(assembled.pruneSessions()).isEqualTo(1);
    assertThat(core.sessions().list(live.user().id(), null, null, null).items()).isEmpty();
  }
}
