package io.chatflow.kit;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatflow.domain.user.Session;
import io.chatflow.domain.user.SessionClient;
import io.chatflow.domain.user.SessionId;
import io.chatflow.domain.user.User;
import io.chatflow.ports.out.SessionStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

public abstract class SessionStoreContract extends StoreTest {
  private static final SessionClient BROWSER = new SessionClient("Mozilla/5.0 (X11; Linux x86_64)", "203.0.113.7");

  private Session session(User user, String id, String tokenHash) {
    return session(user, id, tokenHash, clock.instant());
  }

  private static Session session(User user, String id, String tokenHash, Instant createdAt) {
    return Session.started(new SessionId(id), user.id(), tokenHash, createdAt, createdAt.plus(Duration.ofDays(1)), BROWSER);
  }

  private Session found(String id) {
    return read(() -> stores.sessions().findById(new SessionId(id))).orElseThrow();
  }

  private List<String> active(User user, SessionStore.Position after, int limit) {
    return read(() -> stores.sessions().findActive(user.id(), clock.instant(), after, limit)).stream()
        .map(s -> s.id().value()).toList();
  }

  @Test
  void aSessionIsFoundByIdAndByEveryTokenItHad() {
    User alice = savedUser("alice");
    Session first = session(alice, "s1", "hash-1");
    write(() -> stores.sessions().save(first));
    clock.advance(Duration.ofMinutes(5));
    Instant used = clock.instant();
    Session rotated = first.rotated("hash-2", used, first.expiresAt());
    write(() -> stores.sessions().save(rotated));

    assertThat(read(() -> stores.sessions().findById(first.id()))).contains(rotated);
    assertThat(read(() -> stores.sessions().findByTokenHash("hash-1"))).contains(rotated);
    assertThat(read(() -> stores.sessions().findByTokenHash("hash-2"))).contains(rotated);
    assertThat(read(() -> stores.sessions().findByTokenHash("hash-3"))).isEmpty();
    assertThat(found("s1").lastUsedAt()).isEqualTo(used).isAfter(first.createdAt());
  }

  @Test
  void aSessionKeepsItsClientAndAnUnknownClientStaysUnknown() {
    User alice = savedUser("alice");
    Session unknown = Session.started(new SessionId("u1"), alice.id(), "h-u1", clock.instant(),
        clock.instant().plusSeconds(60), SessionClient.UNKNOWN);
    write(() -> {
      stores.sessions().save(session(alice, "b1", "h-b1"));
      stores.sessions().save(unknown);
    });

    assertThat(found("b1").client()).isEqualTo(BROWSER);
    assertThat(found("u1").client()).isEqualTo(SessionClient.UNKNOWN);
  }

  @Test
  void revokeAllEndsEverySessionOfTheUserButTheOneKept() {
    User alice = savedUser("alice");
    User bob = savedUser("bob");
    write(() -> {
      stores.sessions().save(session(alice, "a1", "h-a1"));
      stores.sessions().save(session(alice, "a2", "h-a2"));
      stores.sessions().save(session(alice, "a3", "h-a3"));
      stores.sessions().save(session(bob, "b1", "h-b1"));
    });
    clock.advance(Duration.ofMinutes(1));
    Instant ended = clock.instant();
    write(() -> stores.sessions().revokeAll(alice.id(), new SessionId("a2"), ended));

    assertThat(found("a1").revoked()).isTrue();
    assertThat(found("a1").expiresAt()).isEqualTo(ended);
    assertThat(found("a2").revoked()).isFalse();
    assertThat(found("a3").revoked()).isTrue();
    assertThat(found("b1").revoked()).isFalse();
    assertThat(found("b1").expiresAt()).isAfter(ended);
  }

  @Test
  void activeSessionsComeNewestFirstPageByPageWithoutEndedExpiredOrOtherPeoples() {
    User alice = savedUser("alice");
    User bob = savedUser("bob");
    write(() -> stores.sessions().save(session(alice, "a-oldest", "h-1")));
    clock.advance(Duration.ofSeconds(1));
    Instant same = clock.instant();
    write(() -> {
      // two logins in the same instant: the id breaks the tie
      stores.sessions().save(session(alice, "a-tie-1", "h-2", same));
      stores.sessions().save(session(alice, "a-tie-2", "h-3", same));
      stores.sessions().save(session(bob, "b-1", "h-4"));
    });
    clock.advance(Duration.ofSeconds(1));
    Instant now = clock.instant();
    write(() -> {
      stores.sessions().save(session(alice, "a-ended", "h-5").ended(now));
      stores.sessions().save(Session.started(new SessionId("a-ran-out"), alice.id(), "h-6", now, now, BROWSER));
      stores.sessions().save(session(alice, "a-newest", "h-7"));
    });

    assertThat(active(alice, null, 10)).containsExactly("a-newest", "a-tie-2", "a-tie-1", "a-oldest");
    assertThat(active(alice, null, 2)).containsExactly("a-newest", "a-tie-2");
    Session tie2 = found("a-tie-2");
    assertThat(active(alice, SessionStore.Position.of(tie2), 2)).containsExactly("a-tie-1", "a-oldest");
    assertThat(active(alice, SessionStore.Position.of(found("a-oldest")), 2)).isEmpty();
    assertThat(active(bob, null, 10)).containsExactly("b-1");
  }

  @Test
  void pruningDeletesEndedAndExpiredSessionsWithTheirTokensInBatches() {
    User alice = savedUser("alice");
    Instant start = clock.instant();
    write(() -> {
      stores.sessions().save(session(alice, "live", "h-live"));
      stores.sessions().save(session(alice, "ended", "h-ended").ended(start));
      stores.sessions().save(Session.started(new SessionId("ran-out"), alice.id(), "h-ran-out", start,
          start.plusSeconds(10), BROWSER));
    });
    Session rotated = found("ended").rotated("h-ended-2", start, found("ended").expiresAt());
    write(() -> stores.sessions().save(rotated));
    clock.advance(Duration.ofSeconds(10));
    Instant now = clock.instant();

    int first = write(() -> stores.sessions().prune(now, 1));
    int second = write(() -> stores.sessions().prune(now, 10));
    int third = write(() -> stores.sessions().prune(now, 10));

    assertThat(List.of(first, second, third)).containsExactly(1, 1, 0);
    assertThat(read(() -> stores.sessions().findById(new SessionId("ended")))).isEmpty();
    assertThat(read(() -> stores.sessions().findById(new SessionId("ran-out")))).isEmpty();
    assertThat(read(() -> stores.sessions().findByTokenHash("h-ended"))).isEmpty();
    assertThat(read(() -> stores.sessions().findByTokenHash("h-ended-2"))).isEmpty();
    assertThat(read(() -> stores.sessions().findByTokenHash("h-live"))).isPresent();
  }
}
