package io.chatflow.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatflow.domain.ConflictException;
import io.chatflow.domain.InvalidException;
import io.chatflow.domain.MalformedException;
import io.chatflow.domain.NotFoundException;
import io.chatflow.domain.UnauthenticatedException;
import io.chatflow.domain.user.User;
import io.chatflow.domain.user.UserId;
import io.chatflow.ports.in.Login;
import io.chatflow.ports.in.PresenceView;
import io.chatflow.ports.out.PasswordHasher;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

public abstract class AccountsContract extends UseCaseTest {

  private static InvalidException invalid(Throwable t) {
    return (InvalidException) t;
  }

  @Test
  void registeringLowerCasesTheUsernameAndDefaultsTheDisplayName() {
    User user = core.accounts().register("Alice.B-1_", "password", null);
    assertThat(user.username().value()).isEqualTo("alice.b-1_");
    assertThat(user.displayName()).isEqualTo("alice.b-1_");
    assertThat(core.accounts().me(user.id())).isEqualTo(user);
  }

  @Test
  void usernamesAreUniqueCaseInsensitively() {
    core.accounts().register("alice", "password", null);
    assertThatThrownBy(() -> core.accounts().register("ALICE", "password", null)).isInstanceOf(ConflictException.class);
  }

  @Test
  void badRegistrationNamesEveryBadField() {
    assertThatThrownBy(() -> core.accounts().register("a!", "short", " "))
        .isInstanceOf(InvalidException.class)
        .satisfies(e -> assertThat(invalid(e).errors()).extracting(f -> f.field())
            .containsExactlyInAnyOrder("username", "password", "displayName"));
    assertThatThrownBy(() -> core.accounts().register("ab", "password", null)).isInstanceOf(InvalidException.class);
    assertThatThrownBy(() -> core.accounts().register("a".repeat(33), "password", null)).isInstanceOf(InvalidException.class);
    assertThatThrownBy(() -> core.accounts().register(null, "password", null)).isInstanceOf(InvalidException.class);
    assertThat(core.accounts().register("a".repeat(32), "password", null).username().value()).hasSize(32);
  }

  @Test
  void passwordLengthCountsCodePointsFrom8To128() {
    String eightEmoji = "😀".repeat(8);
    assertThat(core.accounts().register("emoji", eightEmoji, null)).isNotNull();
    assertThat(core.sessions().login("emoji", eightEmoji).user().username().value()).isEqualTo("emoji");
    assertThatThrownBy(() -> core.accounts().register("short", "😀".repeat(7), null)).isInstanceOf(InvalidException.class);
    assertThat(core.accounts().register("longest", "x".repeat(128), null)).isNotNull();
    assertThatThrownBy(() -> core.accounts().register("toolong", "x".repeat(129), null)).isInstanceOf(InvalidException.class);
  }

  @Test
  void passwordsAreComparedInFullWithoutTruncation() {
    String long1 = "p".repeat(99) + "1";
    core.accounts().register("alice", long1, null);
    assertThatThrownBy(() -> core.sessions().login("alice", "p".repeat(99) + "2"))
        .isInstanceOf(UnauthenticatedException.class);
    assertThat(core.sessions().login("alice", long1)).isNotNull();
  }

  @Test
  void wrongPasswordAndUnknownUserGetTheSameAnswer() {
    register("alice");
    Throwable wrong = org.assertj.core.api.Assertions.catchThrowable(() -> core.sessions().login("alice", "wrong-password"));
    Throwable unknown = org.assertj.core.api.Assertions.catchThrowable(() -> core.sessions().login("nobody", "password"));
    Throwable malformed = org.assertj.core.api.Assertions.catchThrowable(() -> core.sessions().login("!!", "password"));
    assertThat(wrong).isInstanceOf(UnauthenticatedException.class);
    assertThat(unknown).isInstanceOf(UnauthenticatedException.class).hasMessage(wrong.getMessage());
    assertThat(malformed).isInstanceOf(UnauthenticatedException.class).hasMessage(wrong.getMessage());
  }

  @Test
  void refreshRotatesAndReusingAnOldTokenEndsTheSession() {
    register("alice");
    Login login = core.sessions().login("alice", "password");
    Login refreshed = core.sessions().refresh(login.refreshToken());
    assertThat(refreshed.session().id()).isEqualTo(login.session().id());
    assertThat(refreshed.refreshToken()).isNotEqualTo(login.refreshToken());
    assertThat(core.sessions().isActive(login.session().id())).isTrue();

    assertThatThrownBy(() -> core.sessions().refresh(login.refreshToken())).isInstanceOf(UnauthenticatedException.class);
    assertThat(core.sessions().isActive(login.session().id())).isFalse();
    assertThatThrownBy(() -> core.sessions().refresh(refreshed.refreshToken())).isInstanceOf(UnauthenticatedException.class);
  }

  @Test
  void revokingAnyTokenOfASessionEndsItAndUnknownTokensAreIgnored() {
    register("alice");
    Login login = core.sessions().login("alice", "password");
    Login other = core.sessions().login("alice", "password");
    core.sessions().revoke("not-a-token");
    core.sessions().revoke(null);
    core.sessions().revoke(login.refreshToken());
    assertThat(core.sessions().isActive(login.session().id())).isFalse();
    assertThat(core.sessions().isActive(other.session().id())).isTrue();
    assertThatThrownBy(() -> core.sessions().refresh(login.refreshToken())).isInstanceOf(UnauthenticatedException.class);
  }

  @Test
  void sessionsExpireAfterTheirLifetimeUnused() {
    register("alice");
    Login login = core.sessions().login("alice", "password");
    clock.advance(Duration.ofDays(31));
    assertThat(core.sessions().isActive(login.session().id())).isFalse();
    assertThatThrownBy(() -> core.sessions().refresh(login.refreshToken())).isInstanceOf(UnauthenticatedException.class);
  }

  @Test
  void aWatchFiresOnceWhenItsSessionIsRevokedAndNotForAnotherSession() throws Exception {
    register("alice");
    Login one = core.sessions().login("alice", "password");
    Login two = core.sessions().login("alice", "password");
    CountDownLatch oneEnded = new CountDownLatch(1);
    CountDownLatch twoEnded = new CountDownLatch(1);
    AtomicInteger fired = new AtomicInteger();
    core.sessions().watch(one.user().id(), one.session().id(), () -> {
      fired.incrementAndGet();
      oneEnded.countDown();
    });
    core.sessions().watch(two.user().id(), two.session().id(), twoEnded::countDown);

    core.sessions().revoke(one.refreshToken());
    core.sessions().revoke(one.refreshToken());

    assertThat(oneEnded.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(twoEnded.getCount()).isEqualTo(1);
    Login other = core.sessions().refresh(two.refreshToken()); // a rotation does not end it
    assertThatThrownBy(() -> core.sessions().refresh(two.refreshToken())) // a replay does
        .isInstanceOf(UnauthenticatedException.class);
    assertThat(twoEnded.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(fired).hasValue(1);
    assertThat(other.session().id()).isEqualTo(two.session().id());
  }

  @Test
  void aPasswordChangeEndsTheWatchesOfEveryOtherSession() throws Exception {
    register("alice");
    Login here = core.sessions().login("alice", "password");
    Login elsewhere = core.sessions().login("alice", "password");
    CountDownLatch hereEnded = new CountDownLatch(1);
    CountDownLatch elsewhereEnded = new CountDownLatch(1);
    core.sessions().watch(here.user().id(), here.session().id(), hereEnded::countDown);
    core.sessions().watch(elsewhere.user().id(), elsewhere.session().id(), elsewhereEnded::countDown);

    core.accounts().changePassword(here.user().id(), here.session().id(), "password", "new-password");

    assertThat(elsewhereEnded.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(hereEnded.getCount()).isEqualTo(1);
  }

  @Test
  void watchingASessionThatAlreadyEndedOrRanOutFires() throws Exception {
    register("alice");
    Login ended = core.sessions().login("alice", "password");
    core.sessions().revoke(ended.refreshToken());
    CountDownLatch fired = new CountDownLatch(1);
    core.sessions().watch(ended.user().id(), ended.session().id(), fired::countDown);
    assertThat(fired.await(5, TimeUnit.SECONDS)).isTrue();

    Login running = core.sessions().login("alice", "password");
    CountDownLatch ranOut = new CountDownLatch(1);
    core.sessions().watch(running.user().id(), running.session().id(), ranOut::countDown);
    assertThat(assembled.sweepSessions()).isZero();
    clock.advance(Duration.ofDays(31));
    assertThat(assembled.sweepSessions()).isEqualTo(1);
    assertThat(ranOut.await(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void sessionEndListenersHearBeforeTheEndingCallReturnsAndAClosedWatchNever() throws Exception {
    register("alice");
    Login one = core.sessions().login("alice", "password");
    Login two = core.sessions().login("alice", "password");
    AtomicInteger heard = new AtomicInteger();
    AtomicInteger closedFired = new AtomicInteger();
    core.sessions().watchEnds(heard::incrementAndGet);
    core.sessions().watch(two.user().id(), two.session().id(), closedFired::incrementAndGet).close();

    core.sessions().revoke(one.refreshToken());
    assertThat(heard).hasValue(1);
    core.sessions().revoke(two.refreshToken());
    assertThat(heard).hasValue(2);
    CountDownLatch after = new CountDownLatch(1);
    core.sessions().watch(two.user().id(), two.session().id(), after::countDown); // runs on the same executor
    assertThat(after.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(closedFired).hasValue(0);
  }

  @Test
  void changingThePasswordChecksTheCurrentOneAndEndsOtherSessions() {
    register("alice");
    Login here = core.sessions().login("alice", "password");
    Login elsewhere = core.sessions().login("alice", "password");
    assertThatThrownBy(() -> core.accounts().changePassword(here.user().id(), here.session().id(), "wrong-one", "new-password"))
        .isInstanceOf(InvalidException.class)
        .satisfies(e -> assertThat(invalid(e).errors()).extracting(f -> f.field()).containsExactly("currentPassword"));
    assertThatThrownBy(() -> core.accounts().changePassword(here.user().id(), here.session().id(), "password", "short"))
        .isInstanceOf(InvalidException.class);

    core.accounts().changePassword(here.user().id(), here.session().id(), "password", "new-password");
    assertThat(core.sessions().isActive(here.session().id())).isTrue();
    assertThat(core.sessions().isActive(elsewhere.session().id())).isFalse();
    assertThatThrownBy(() -> core.sessions().login("alice", "password")).isInstanceOf(UnauthenticatedException.class);
    assertThat(core.sessions().login("alice", "new-password")).isNotNull();
  }

  @Test
  void renamingValidatesAndTrimsTheDisplayName() {
    User alice = register("alice");
    assertThat(core.accounts().rename(alice.id(), "  Alice Liddell ").displayName()).isEqualTo("Alice Liddell");
    assertThatThrownBy(() -> core.accounts().rename(alice.id(), "   ")).isInstanceOf(InvalidException.class);
    assertThatThrownBy(() -> core.accounts().rename(alice.id(), "x".repeat(65))).isInstanceOf(InvalidException.class);
  }

  @Test
  void searchFindsUsernameAndDisplayNamePrefixesPageByPage() {
    register("anna");
    register("andrew");
    User carol = register("carol");
    core.accounts().rename(carol.id(), "Annie");
    register("bob");

    var first = core.accounts().search("AN", null, 2);
    assertThat(first.items()).extracting(u -> u.username().value()).containsExactly("andrew", "anna");
    var second = core.accounts().search("an", first.nextCursor(), 2);
    assertThat(second.items()).extracting(u -> u.username().value()).containsExactly("carol");
    assertThat(second.nextCursor()).isNull();
    assertThatThrownBy(() -> core.accounts().search("an", "garbage!", 2)).isInstanceOf(MalformedException.class);
    assertThatThrownBy(() -> core.accounts().search("an", null, 0)).isInstanceOf(InvalidException.class);
    assertThatThrownBy(() -> core.accounts().search("an", null, 201)).isInstanceOf(InvalidException.class);
  }

  @Test
  void aUserIsOnlineWhileActiveWithinTheWindowOrConnected() {
    User alice = register("alice");
    assertThat(core.accounts().find(alice.id()).presence().status()).isEqualTo(PresenceView.Status.OFFLINE);
    core.presence().touch(alice.id());
    assertThat(core.accounts().find(alice.id()).presence().status()).isEqualTo(PresenceView.Status.ONLINE);
    clock.advance(Duration.ofSeconds(61));
    assertThat(core.accounts().find(alice.id()).presence().status()).isEqualTo(PresenceView.Status.OFFLINE);
    assertThat(core.accounts().find(alice.id()).presence().lastSeenAt()).isNotNull();
    core.presence().connected(alice.id());
    clock.advance(Duration.ofMinutes(5));
    assertThat(core.presence().of(alice.id()).status()).isEqualTo(PresenceView.Status.ONLINE);
    core.presence().disconnected(alice.id());
    clock.advance(Duration.ofSeconds(61));
    assertThat(core.presence().of(alice.id()).status()).isEqualTo(PresenceView.Status.OFFLINE);
  }

  @Test
  void unknownUsersAreNotFound() {
    assertThatThrownBy(() -> core.accounts().find(new UserId("nobody"))).isInstanceOf(NotFoundException.class);
  }

  /** Holds the next check of {@code password} until released, so a test can run a change meanwhile. */
  private final GatedHasher gated = new GatedHasher();

  @Override
  protected PasswordHasher hasher() {
    return gated;
  }

  @Test
  void twoPasswordChangesWithTheSameCurrentPasswordDoNotBothSucceed() throws Exception {
    User kim = register("kim");
    Login first = core.sessions().login("kim", "password");
    Login second = core.sessions().login("kim", "password");
    gated.holdNext("password");
    CompletableFuture<Void> held = CompletableFuture.runAsync(() ->
        core.accounts().changePassword(kim.id(), first.session().id(), "password", "new-password-a"));
    gated.awaitHeld();
    core.accounts().changePassword(kim.id(), second.session().id(), "password", "new-password-b");
    gated.release();

    assertThatThrownBy(() -> held.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(InvalidException.class);
    assertThat(core.sessions().login("kim", "new-password-b").user().id()).isEqualTo(kim.id());
  }

  @Test
  void aLoginWithThePasswordChangedWhileItWasCheckedIsRefused() throws Exception {
    User lou = register("lou");
    Login here = core.sessions().login("lou", "password");
    gated.holdNext("password");
    CompletableFuture<Login> held = CompletableFuture.supplyAsync(() -> core.sessions().login("lou", "password"));
    gated.awaitHeld();
    core.accounts().changePassword(lou.id(), here.session().id(), "password", "new-password");
    gated.release();

    // a session that proved only the old password would outlive the change that ended the others
    assertThatThrownBy(() -> held.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(UnauthenticatedException.class);
  }

  private static final class GatedHasher implements PasswordHasher {
    private final TestHasher hasher = new TestHasher();
    private final CountDownLatch held = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile String gate;

    void holdNext(String password) {
      gate = password;
    }

    void awaitHeld() throws InterruptedException {
      assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
    }

    void release() {
      released.countDown();
    }

    @Override
    public String hash(String password) {
      return hasher.hash(password);
    }

    @Override
    public boolean verify(String password, String hash) {
      boolean ok = hasher.verify(password, hash);
      if (password.equals(gate)) {
        gate = null;
        held.countDown();
        Latches.awaitQuietly(released);
      }
      return ok;
    }
  }
}
