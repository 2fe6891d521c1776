package io.chatflow.kit;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatflow.domain.user.Session;
import io.chatflow.domain.user.SessionId;
import io.chatflow.domain.user.User;
import java.time.Duration;
import org.junit.jupiter.api.Test;

public abstract class SessionStoreContract extends StoreTest {

  private Session session(User user, String id, String tokenHash) {
    var now = clock.instant();
    return new Session(new SessionId(id), user.id(), tokenHash, now, now.plus(Duration.ofDays(1)), false);
  }

  @Test
  void aSessionIsFoundByIdAndByEveryTokenItHad() {
    User alice = savedUser("alice");
    Session first = session(alice, "s1", "hash-1");
    write(() -> stores.sessions().save(first));
    Session rotated = first.rotated("hash-2", first.expiresAt());
    write(() -> stores.sessions().save(rotated));

    assertThat(read(() -> stores.sessions().findById(first.id()))).contains(rotated);
    assertThat(read(() -> stores.sessions().findByTokenHash("hash-1"))).contains(rotated);
    assertThat(read(() -> stores.sessions().findByTokenHash("hash-2"))).contains(rotated);
    assertThat(read(() -> stores.sessions().findByTokenHash("hash-3"))).isEmpty();
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
    write(() -> stores.sessions().revokeAll(alice.id(), new SessionId("a2")));

    assertThat(read(() -> stores.sessions().findById(new SessionId("a1")))).get().extracting(Session::revoked).isEqualTo(true);
    assertThat(read(() -> stores.sessions().findById(new SessionId("a2")))).get().extracting(Session::revoked).isEqualTo(false);
    assertThat(read(() -> stores.sessions().findById(new SessionId("a3")))).get().extracting(Session::revoked).isEqualTo(true);
    assertThat(read(() -> stores.sessions().findById(new SessionId("b1")))).get().extracting(Session::revoked).isEqualTo(false);
  }
}
