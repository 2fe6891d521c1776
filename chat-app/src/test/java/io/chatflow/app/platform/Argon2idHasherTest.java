package io.chatflow.app.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class Argon2idHasherTest {
  private final Argon2idHasher cheap = Argon2idHasher.cheapForTests();

  @Test
  void owaspHashHasPhcFormatAndVerifies() {
    Argon2idHasher owasp = Argon2idHasher.owasp();
    String hash = owasp.hash("correct horse battery staple");

    assertThat(hash).matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
    assertThat(owasp.verify("correct horse battery staple", hash)).isTrue();
    assertThat(owasp.verify("correct horse battery stapler", hash)).isFalse();
  }

  @Test
  void wrongPasswordFails() {
    String hash = cheap.hash("password");

    assertThat(cheap.verify("password", hash)).isTrue();
    assertThat(cheap.verify("Password", hash)).isFalse();
    assertThat(cheap.verify("", hash)).isFalse();
  }

  @Test
  void saltMakesEveryHashDifferent() {
    assertThat(cheap.hash("password")).isNotEqualTo(cheap.hash("password"));
  }

  @Test
  void longPasswordsAreNotTruncated() {
    String common = "x".repeat(99);
    String hash = cheap.hash(common + "a");

    assertThat(cheap.verify(common + "a", hash)).isTrue();
    assertThat(cheap.verify(common + "b", hash)).isFalse();
  }

  @Test
  void nonAsciiPasswordsRoundTrip() {
    String hash = cheap.hash("pässwörd-日本語-🔑");

    assertThat(cheap.verify("pässwörd-日本語-🔑", hash)).isTrue();
    assertThat(cheap.verify("passwörd-日本語-🔑", hash)).isFalse();
  }

  @Test
  void verifiesWithTheParametersTheHashNames() {
    String cheapHash = cheap.hash("password");

    assertThat(Argon2idHasher.owasp().verify("password", cheapHash)).isTrue();
  }

  @Test
  void garbageHashesDoNotVerify() {
    String good = cheap.hash("password");
    List<String> garbage = List.of(
        "", "password", "$argon2i$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$aGFzaA",
        good.replace("v=19", "v=16"),
        good.replace("m=64", "m=999999999"),
        good.replace("t=1", "t=x"),
        good.substring(0, good.lastIndexOf('$')),
        good + "$extra");

    for (String hash : garbage) {
      assertThat(cheap.verify("password", hash)).as(hash).isFalse();
    }
    assertThat(cheap.verify("password", null)).isFalse();
  }

  @Test
  void noMoreHashesRunAtOnceThanPermitted() throws Exception {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    CountDownLatch allSubmitted = new CountDownLatch(8);
    CountDownLatch twoInside = new CountDownLatch(2);
    Argon2idHasher bounded = new Argon2idHasher(Argon2idHasher.Params.CHEAP_FOR_TESTS, 2) {
      @Override
      byte[] derive(byte[] password, byte[] salt, Params p, int length) {
        int now = running.incrementAndGet();
        most.accumulateAndGet(now, Math::max);
        twoInside.countDown();
        try {
          // The first two wait for each other and for every caller, so a third one let in would overlap.
          assertThat(twoInside.await(5, TimeUnit.SECONDS)).isTrue();
          assertThat(allSubmitted.await(5, TimeUnit.SECONDS)).isTrue();
          return super.derive(password, salt, p, length);
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        } finally {
          running.decrementAndGet();
        }
      }
    };
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<String>> hashes = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        hashes.add(pool.submit(() -> {
          allSubmitted.countDown();
          return bounded.hash("password");
        }));
      }
      for (Future<String> hash : hashes) {
        assertThat(bounded.verify("password", hash.get(10, TimeUnit.SECONDS))).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(most.get()).isEqualTo(2);
  }
}
