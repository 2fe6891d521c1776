package io.chatflow.adapter.http.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.chatflow.adapter.http.ApiTest;
import io.chatflow.adapter.http.TestServer;
import io.chatflow.adapter.http.TokenKeys;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TokenTamperingTest extends ApiTest {
  private static final String INVALID = "Bearer realm=\"chatflow\", error=\"invalid_token\"";

  @Test
  void noTokenGetsABareChallenge() {
    var res = api.get("/api/v1/users/me", null);

    assertThat(res.status()).isEqualTo(401);
    assertThat(res.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"chatflow\"");
    assertThat(res.header("Content-Type")).isEqualTo("application/problem+json");
  }

  @Test
  void garbageIsAnInvalidToken() {
    assertRefused("not.a.jwt");
    assertRefused("garbage");
  }

  @Test
  void algNoneIsRefused() throws Exception {
    var alice = person("alice");
    JWTClaimsSet claims = SignedJWT.parse(alice.token()).getJWTClaimsSet();

    assertRefused(new PlainJWT(claims).serialize());
  }

  @Test
  void aSymmetricAlgorithmIsRefusedEvenWithTheRightClaims() throws Exception {
    var alice = person("alice");
    SignedJWT hs = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), SignedJWT.parse(alice.token()).getJWTClaimsSet());
    hs.sign(new MACSigner("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8)));

    assertRefused(hs.serialize());
  }

  @Test
  void aChangedPayloadIsRefused() {
    var alice = person("alice");
    var bob = person("bob");
    String[] parts = alice.token().split("\\.");
    String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
        .replace(alice.id(), bob.id());
    String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
        .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];

    assertRefused(forged);
  }

  @Test
  void aTokenSignedWithAnotherKeyIsRefused() throws Exception {
    var alice = person("alice");
    JWTClaimsSet claims = SignedJWT.parse(alice.token()).getJWTClaimsSet();

    assertRefused(sign(TokenKeys.generate(), claims));
  }

  @Test
  void aWrongAudienceOrIssuerIsRefused() throws Exception {
    var alice = person("alice");
    JWTClaimsSet claims = SignedJWT.parse(alice.token()).getJWTClaimsSet();

    assertRefused(sign(api.keys, new JWTClaimsSet.Builder(claims).audience("another-service").build()));
    assertRefused(sign(api.keys, new JWTClaimsSet.Builder(claims).issuer("someone-else").build()));
    assertRefused(sign(api.keys, new JWTClaimsSet.Builder(claims).claim("sid", null).build()));
    // The same claims signed with the right key pass: the refusals above are about the claims.
    assertThat(api.get("/api/v1/users/me", sign(api.keys, claims)).status()).isEqualTo(200);
  }

  @Test
  void anExpiredTokenIsRefused() throws Exception {
    var alice = person("alice");
    JWTClaimsSet claims = SignedJWT.parse(alice.token()).getJWTClaimsSet();
    Instant now = api.clock.instant();

    assertRefused(sign(api.keys, new JWTClaimsSet.Builder(claims)
        .issueTime(Date.from(now.minus(Duration.ofMinutes(20))))
        .expirationTime(Date.from(now.minusSeconds(1)))
        .jwtID(UUID.randomUUID().toString())
        .build()));
  }

  @Test
  void aTokenStopsWorkingWhenItExpiresEvenAfterItWasCached() {
    try (TestServer own = new TestServer()) {
      var alice = own.person(unique("alice"));
      assertThat(own.get("/api/v1/users/me", alice.token()).status()).isEqualTo(200);

      own.clock.advance(Duration.ofMinutes(15).plusSeconds(1));

      var res = own.get("/api/v1/users/me", alice.token());
      assertThat(res.status()).isEqualTo(401);
      assertThat(res.header("WWW-Authenticate")).isEqualTo(INVALID);
    }
  }

  private static String sign(TokenKeys keys, JWTClaimsSet claims) throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).type(JOSEObjectType.JWT).keyID(keys.keyId()).build(), claims);
    jwt.sign(new ECDSASigner(keys.signingKey()));
    return jwt.serialize();
  }

  private void assertRefused(String token) {
    var res = api.get("/api/v1/users/me", token);
    assertThat(res.status()).as(token).isEqualTo(401);
    assertThat(res.header("WWW-Authenticate")).isEqualTo(INVALID);
    assertThat(res.json().get("status").asInt()).isEqualTo(401);
  }
}
