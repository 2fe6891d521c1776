package io.chatflow.adapter.http.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatflow.adapter.http.HttpSettings;
import io.chatflow.adapter.http.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
  void failedLoginsForOneUsernameAreLimitedUntilTheWindowEnds() {
    var alice = api.person("alice");
    for (int i = 0; i < 3; i++) {
      assertThat(api.token("alice", "wrong password").status()).isEqualTo(400);
    }

    var limited = api.token("alice", TestServer.PASSWORD);

    assertThat(limited.status()).isEqualTo(429);
    assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 60L);
    // the token endpoint refuses in RFC 6749 form, this refusal included
    assertThat(limited.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
    assertThat(limited.text("error")).isEqualTo("slow_down");
    assertThat(limited.header("Cache-Control")).isEqualTo("no-store");
    // Another username from the same address is not yet limited.
    api.person("bob1");
    assertThat(api.token("bob1", TestServer.PASSWORD).status()).isEqualTo(200);

    api.clock.advance(Duration.ofMinutes(1));

    assertThat(api.token("alice", TestServer.PASSWORD).status()).isEqualTo(200);
    assertThat(alice.user().username().value()).isEqualTo("alice");
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
