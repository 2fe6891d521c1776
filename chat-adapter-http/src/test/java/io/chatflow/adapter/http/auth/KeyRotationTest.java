package io.chatflow.adapter.http.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.SignedJWT;
import io.chatflow.adapter.http.HttpSettings;
import io.chatflow.adapter.http.KeyRing;
import io.chatflow.adapter.http.TokenKeys;
import io.chatflow.adapter.http.plumbing.BadToken;
import io.chatflow.domain.user.Session;
import io.chatflow.domain.user.SessionClient;
import io.chatflow.domain.user.SessionId;
import io.chatflow.domain.user.User;
import io.chatflow.domain.user.UserId;
import io.chatflow.domain.user.Username;
import io.chatflow.ports.in.Login;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A ring replaced while running: new tokens carry the new key, tokens of the key it replaced still verify. */
class KeyRotationTest {
  private final TokenKeys old = TokenKeys.generate();
  private final TokenKeys fresh = TokenKeys.generate();

  @Test
  void afterARotationNewTokensAreSignedWithTheNewKeyAndTheOldKeysTokensStillVerify() throws Exception {
    KeyRing ring = KeyRing.of(old);
    AccessTokens tokens = new AccessTokens(ring, HttpSettings.defaults(), Clock.systemUTC());
    String before = token(tokens);

    ring.replace(fresh, List.of(fresh, old));
    String after = token(tokens);

    assertThat(keyId(before)).isEqualTo(old.keyId());
    assertThat(keyId(after)).isEqualTo(fresh.keyId());
    AccessTokens elsewhere = new AccessTokens(KeyRing.of(fresh, List.of(old)), HttpSettings.defaults(), Clock.systemUTC());
    assertThat(elsewhere.verify(before).user()).isEqualTo(new UserId("u1"));
    assertThat(elsewhere.verify(after).user()).isEqualTo(new UserId("u1"));
    assertThat(kids(ring.publicJwks())).containsExactlyInAnyOrder(old.keyId(), fresh.keyId());
  }

  @Test
  void aTokenOfAKeyNoLongerHeldIsRefused() {
    String byOld = token(new AccessTokens(KeyRing.of(old), HttpSettings.defaults(), Clock.systemUTC()));
    AccessTokens retired = new AccessTokens(KeyRing.of(fresh), HttpSettings.defaults(), Clock.systemUTC());

    assertThatThrownBy(() -> retired.verify(byOld)).isInstanceOf(BadToken.class);
  }

  @SuppressWarnings("unchecked")
  private static List<String> kids(Map<String, Object> jwks) {
    return ((List<Map<String, Object>>) jwks.get("keys")).stream().map(k -> (String) k.get("kid")).toList();
  }

  private static String keyId(String token) throws Exception {
    return SignedJWT.parse(token).getHeader().getKeyID();
  }

  private static String token(AccessTokens tokens) {
    Instant now = Instant.now();
    UserId user = new UserId("u1");
    Session session = Session.started(new SessionId("s1"), user, "hash", now, now.plusSeconds(3600), SessionClient.UNKNOWN);
    return tokens.issue(new Login(User.registered(user, Username.of("kim"), "kim", now), session, "refresh")).token();
  }
}
