package io.chatflow.adapter.http.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatflow.adapter.http.HttpSettings;
import io.chatflow.adapter.http.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LoginRateLimitTest {
  private final TestServer api = new TestServer(
      HttpSettings.defaults().withPort(0).withLoginLimits(3, 5, Duration.ofMinutes(1)), u -> u);

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void failedLoginsForOneUsernameSlowItsLoginsButNeverRefuseThem() {
    api.person("alice");
    for (int i = 0; i < 3; i++) {
      assertThat(api.token("alice", "wrong password").status()).isEqualTo(400);
    }

    long started = System.nanoTime();
    var slowed = api.token("alice", TestServer.PASSWORD);

    assertThat(slowed.status()).isEqualTo(200);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
    assertThat(slowed.header("Cache-Control")).isEqualTo("no-store");
  }

  @Test
  void aStrangerGuessingAVictimsPasswordIsRefusedWhileTheVictimLogsIn() {
    try (TestServer proxied = new TestServer(HttpSettings.defaults().withPort(0)
        .withLoginLimits(3, 5, Duration.ofMinutes(1)).withTrustedProxies(List.of("127.0.0.1", "::1")), u -> u)) {
      proxied.person("victim");
      assertThat(token(proxied, "victim", TestServer.PASSWORD, "203.0.113.5").status()).isEqualTo(200);
      for (int i = 0; i < 5; i++) {
        assertThat(token(proxied, "victim", "guess " + i, "198.51.100.66").status()).isEqualTo(400);
      }

      var stranger = token(proxied, "victim", "guess 5", "198.51.100.66");

      assertThat(stranger.status()).isEqualTo(429);
      assertThat(stranger.text("error")).isEqualTo("slow_down");
      assertThat(Long.parseLong(stranger.header("Retry-After"))).isBetween(1L, 60L);
      // the victim, at home (where they logged in before) and from a new place
      assertThat(token(proxied, "victim", TestServer.PASSWORD, "203.0.113.5").status()).isEqualTo(200);
      assertThat(token(proxied, "victim", TestServer.PASSWORD, "192.0.2.44").status()).isEqualTo(200);
      // a stranger spread over a whole IPv6 /64 is still one address
      for (int i = 0; i < 5; i++) {
        assertThat(token(proxied, "victim", "v6 guess " + i, "2001:db8:5:6::" + (i + 1)).status()).isEqualTo(400);
      }
      assertThat(token(proxied, "victim", "v6 guess", "2001:db8:5:6:aaaa::1").status()).isEqualTo(429);
      assertThat(token(proxied, "victim", TestServer.PASSWORD, "2001:db8:5:7::1").status()).isEqualTo(200);
    }
  }

  @Test
  void parallelGuessesFromOneAddressPassItsLimitExactly() throws Exception {
    api.person("frank");
    ExecutorService pool = Executors.newFixedThreadPool(10);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        String guess = "guess " + i;
        results.add(pool.submit(() -> api.token("frank", guess).status()));
      }
      int wrong = 0;
      int limited = 0;
      for (Future<Integer> f : results) {
        int status = f.get();
        wrong += status == 400 ? 1 : 0;
        limited += status == 429 ? 1 : 0;
      }
      assertThat(wrong).isEqualTo(5);
      assertThat(limited).isEqualTo(15);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void anAddressLimitEndsWithTheWindow() {
    api.person("gina");
    for (int i = 0; i < 5; i++) {
      assertThat(api.token("guess" + i, "wrong password").status()).isEqualTo(400);
    }
    assertThat(api.token("gina", TestServer.PASSWORD).status()).isEqualTo(429);

    api.clock.advance(Duration.ofMinutes(1));

    assertThat(api.token("gina", TestServer.PASSWORD).status()).isEqualTo(200);
  }

  @Test
  void failedLoginsFromOneAddressAreLimitedAcrossUsernames() {
    api.person("carol");
    for (int i = 0; i < 5; i++) {
      assertThat(api.token("guess" + i, "wrong password").status()).isEqualTo(400);
    }

    var limited = api.token("carol", TestServer.PASSWORD);

    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.header("Retry-After")).isNotNull();
  }

  @Test
  void behindATrustedProxyEachForwardedClientHasItsOwnAddressLimit() {
    try (TestServer proxied = new TestServer(HttpSettings.defaults().withPort(0)
        .withLoginLimits(3, 5, Duration.ofMinutes(1)).withTrustedProxies(List.of("127.0.0.1", "::1")), u -> u)) {
      proxied.person("dave");
      for (int i = 0; i < 5; i++) {
        assertThat(token(proxied, "guess" + i, "wrong password", "198.51.100.1").status()).isEqualTo(400);
      }

      assertThat(token(proxied, "dave", TestServer.PASSWORD, "198.51.100.1").status()).isEqualTo(429);
      assertThat(token(proxied, "dave", TestServer.PASSWORD, "198.51.100.2").status()).isEqualTo(200);
    }
  }

  @Test
  void fromAnUntrustedPeerTheForwardedHeaderChangesNothing() {
    api.person("erin");
    for (int i = 0; i < 5; i++) {
      assertThat(token(api, "guess" + i, "wrong password", "198.51.100." + i).status()).isEqualTo(400);
    }

    assertThat(token(api, "erin", TestServer.PASSWORD, "198.51.100.99").status()).isEqualTo(429);
  }

  private static TestServer.Res token(TestServer server, String username, String password, String forwardedFor) {
    return server.form("/api/v1/auth/token", Map.of("grant_type", "password", "username", username, "password", password),
        Map.of("X-Forwarded-For", forwardedFor));
  }
}
