package io.chatflow.adapter.http.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import io.chatflow.adapter.http.ApiTest;
import io.chatflow.adapter.http.TestServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthApiTest extends ApiTest {

  @Test
  void registeringCreatesALowerCasedUserWithDisplayNameDefaultingToUsername() {
    String name = unique("Alice");
    var res = api.post("/api/v1/auth/register", null, Map.of("username", name, "password", "password1"));

    assertThat(res.status()).isEqualTo(201);
    assertThat(res.text("username")).isEqualTo(name.toLowerCase());
    assertThat(res.text("displayName")).isEqualTo(name.toLowerCase());
    assertThat(res.header("Location")).isEqualTo("/api/v1/users/" + res.text("id"));
    assertThat(res.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
  }

  @Test
  void aTakenUsernameIsAConflictWhateverItsCase() {
    String name = unique("bob");
    api.post("/api/v1/auth/register", null, Map.of("username", name, "password", "password1"));

    var res = api.post("/api/v1/auth/register", null, Map.of("username", name.toUpperCase(), "password", "password1"));

    assertThat(res.status()).isEqualTo(409);
    assertThat(res.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(res.json().get("status").asInt()).isEqualTo(409);
  }

  @Test
  void invalidValuesAre422NamingEachField() {
    var res = api.post("/api/v1/auth/register", null, Map.of("username", "x!", "password", "short"));

    assertThat(res.status()).isEqualTo(422);
    assertThat(res.json().get("errors").findValuesAsText("field")).contains("username", "password");
  }

  @Test
  void aMissingFieldIs422NamingIt() {
    var res = api.post("/api/v1/auth/register", null, Map.of("username", unique("carol")));

    assertThat(res.status()).isEqualTo(422);
    assertThat(res.json().get("errors").findValuesAsText("field")).containsExactly("password");
  }

  @Test
  void jsonOfTheWrongTypeOrWithTrailingContentOrBrokenIs400() {
    assertThat(api.post("/api/v1/auth/register", null, "{\"username\": 42, \"password\": \"password1\"}").status())
        .isEqualTo(400);
    assertThat(api.post("/api/v1/auth/register", null, "{\"username\": \"dave1\", \"password\": \"password1\"} {}").status())
        .isEqualTo(400);
    assertThat(api.post("/api/v1/auth/register", null, "{\"username\": ").status()).isEqualTo(400);
    assertThat(api.post("/api/v1/auth/register", null, "[]").status()).isEqualTo(400);
    assertThat(api.post("/api/v1/auth/register", null, "").status()).isEqualTo(400);
  }

  @Test
  void aWrongContentTypeIs415() {
    var res = api.send("POST", "/api/v1/auth/register", null, "text/plain", "{\"username\":\"eve11\",\"password\":\"password1\"}");

    assertThat(res.status()).isEqualTo(415);
    assertThat(res.header("Content-Type")).isEqualTo("application/problem+json");
  }

  @Test
  void aBodyOverTheLimitIsAnswered413() {
    String big = "{\"username\":\"" + "a".repeat(70 * 1024) + "\",\"password\":\"password1\"}";

    var res = api.post("/api/v1/auth/register", null, big);

    assertThat(res.status()).isEqualTo(413);
    // The connection stays usable: the next request on it is answered normally.
    assertThat(api.get("/health", null).status()).isEqualTo(200);
  }

  @Test
  void aChunkedBodyIsReadUpToTheLimitToo() {
    String name = unique("chunky");
    var small = api.exchange("POST", "/api/v1/auth/register", chunked(
        "{\"username\":\"" + name + "\",\"password\":\"password1\"}"));
    var big = api.exchange("POST", "/api/v1/auth/register", chunked(
        "{\"username\":\"" + "a".repeat(70 * 1024) + "\",\"password\":\"password1\"}"));

    assertThat(small.status()).isEqualTo(201);
    assertThat(big.status()).isEqualTo(413);
  }

  private java.net.http.HttpRequest chunked(String body) {
    byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    return java.net.http.HttpRequest.newBuilder(java.net.URI.create(api.server.uri() + "/api/v1/auth/register"))
        .header("Content-Type", "application/json")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(bytes)))
        .build();
  }

  @Test
  void thePasswordGrantIssuesBearerTokensThatAreNotCached() {
    var alice = person("alice");

    var res = api.token(alice.user().username().value(), TestServer.PASSWORD);

    assertThat(res.status()).isEqualTo(200);
    assertThat(res.text("token_type")).isEqualTo("Bearer");
    assertThat(res.json().get("expires_in").asLong()).isEqualTo(900);
    assertThat(res.text("refresh_token")).isNotBlank();
    assertThat(res.header("Cache-Control")).isEqualTo("no-store");
    assertThat(api.get("/api/v1/users/me", res.text("access_token")).text("id")).isEqualTo(alice.id());
  }

  @Test
  void clientCredentialsScopeAndBasicHeaderAreAcceptedAndIgnored() {
    var alice = person("alice");

    var res = api.form("/api/v1/auth/token",
        Map.of("grant_type", "password", "username", alice.user().username().value(), "password", TestServer.PASSWORD,
            "client_id", "swagger", "client_secret", "", "scope", "anything"),
        Map.of("Authorization", "Basic Og=="));

    assertThat(res.status()).isEqualTo(200);
  }

  @Test
  void wrongPasswordsAndUnknownUsersGetTheSameInvalidGrant() {
    var alice = person("alice");

    var wrong = api.token(alice.user().username().value(), "wrong password");
    var unknown = api.token(unique("nobody"), "wrong password");

    assertThat(wrong.status()).isEqualTo(400);
    assertThat(wrong.text("error")).isEqualTo("invalid_grant");
    assertThat(wrong.header("Cache-Control")).isEqualTo("no-store");
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.body()).isEqualTo(wrong.body());
  }

  @Test
  void tokenRequestsThatAreIncompleteOrOfUnknownGrantFollowRfc6749() {
    assertThat(api.form("/api/v1/auth/token", Map.of("username", "x")).text("error")).isEqualTo("invalid_request");
    assertThat(api.form("/api/v1/auth/token", Map.of("grant_type", "password", "username", "abc")).text("error"))
        .isEqualTo("invalid_request");
    assertThat(api.form("/api/v1/auth/token", Map.of("grant_type", "client_credentials")).text("error"))
        .isEqualTo("unsupported_grant_type");
    assertThat(api.send("POST", "/api/v1/auth/token", null, "application/json", "{}").status()).isEqualTo(415);
  }

  @Test
  void theTokenEndpointRefusesAWrongMediaTypeOrAnOversizedBodyInRfc6749FormToo() {
    for (var res : java.util.List.of(
        api.send("POST", "/api/v1/auth/token", null, "application/json", "{}"),
        api.send("POST", "/api/v1/auth/token", null, ";", "grant_type=password"),
        api.send("POST", "/api/v1/auth/token", null, "application/x-www-form-urlencoded", "a=" + "b".repeat(70 * 1024)),
        api.send("POST", "/api/v1/auth/revoke", null, "text/plain", "token=x"))) {
      assertThat(res.status()).isIn(413, 415);
      assertThat(res.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
      assertThat(res.text("error")).isEqualTo("invalid_request");
      assertThat(res.header("Cache-Control")).isEqualTo("no-store");
    }
  }

  @Test
  void aContentTypeWithoutAMediaTypeIs415() {
    for (String contentType : new String[] {";", ";;", " ; charset=utf-8"}) {
      var res = api.send("POST", "/api/v1/auth/register", null, contentType, "{\"username\":\"eve12\",\"password\":\"password1\"}");

      assertThat(res.status()).isEqualTo(415);
      assertThat(res.header("Content-Type")).isEqualTo("application/problem+json");
    }
  }

  @Test
  void refreshingRotatesTheRefreshToken() {
    var alice = person("alice");
    var first = api.token(alice.user().username().value(), TestServer.PASSWORD);

    var second = api.form("/api/v1/auth/token",
        Map.of("grant_type", "refresh_token", "refresh_token", first.text("refresh_token")));

    assertThat(second.status()).isEqualTo(200);
    assertThat(second.header("Cache-Control")).isEqualTo("no-store");
    assertThat(second.text("refresh_token")).isNotEqualTo(first.text("refresh_token"));
    assertThat(api.get("/api/v1/users/me", second.text("access_token")).status()).isEqualTo(200);
  }

  @Test
  void reusingARotatedRefreshTokenEndsTheWholeSession() {
    var alice = person("alice");
    var first = api.token(alice.user().username().value(), TestServer.PASSWORD);
    var second = api.form("/api/v1/auth/token",
        Map.of("grant_type", "refresh_token", "refresh_token", first.text("refresh_token")));

    var replay = api.form("/api/v1/auth/token",
        Map.of("grant_type", "refresh_token", "refresh_token", first.text("refresh_token")));

    assertThat(replay.status()).isEqualTo(400);
    assertThat(replay.text("error")).isEqualTo("invalid_grant");
    assertThat(api.get("/api/v1/users/me", second.text("access_token")).status()).isEqualTo(401);
    assertThat(api.form("/api/v1/auth/token",
        Map.of("grant_type", "refresh_token", "refresh_token", second.text("refresh_token"))).status()).isEqualTo(400);
  }

  @Test
  void revokingEndsTheSessionAndItsAccessTokensAtOnce() {
    var alice = person("alice");
    var login = api.token(alice.user().username().value(), TestServer.PASSWORD);
    String access = login.text("access_token");
    assertThat(api.get("/api/v1/users/me", access).status()).isEqualTo(200);

    var revoked = api.form("/api/v1/auth/revoke", Map.of("token", login.text("refresh_token")));

    assertThat(revoked.status()).isEqualTo(200);
    var refused = api.get("/api/v1/users/me", access);
    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"chatflow\", error=\"invalid_token\"");
    assertThat(api.form("/api/v1/auth/token",
        Map.of("grant_type", "refresh_token", "refresh_token", login.text("refresh_token"))).status()).isEqualTo(400);
    // Other sessions of the same user are untouched.
    assertThat(api.get("/api/v1/users/me", alice.token()).status()).isEqualTo(200);
  }

  @Test
  void revokingAnUnknownTokenIsStill200AndAMissingOneIsInvalidRequest() {
    assertThat(api.form("/api/v1/auth/revoke", Map.of("token", "never-issued")).status()).isEqualTo(200);
    var missing = api.form("/api/v1/auth/revoke", Map.of());
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.text("error")).isEqualTo("invalid_request");
  }

  @Test
  void theJwksVerifiesIssuedTokens() throws Exception {
    var alice = person("alice");

    var jwks = api.get("/.well-known/jwks.json", null);

    assertThat(jwks.status()).isEqualTo(200);
    ECKey key = (ECKey) JWKSet.parse(jwks.body()).getKeys().get(0);
    assertThat(key.isPrivate()).isFalse();
    SignedJWT jwt = SignedJWT.parse(alice.token());
    assertThat(jwt.verify(new ECDSAVerifier(key))).isTrue();
    assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("ES256");
    var claims = jwt.getJWTClaimsSet();
    assertThat(claims.getSubject()).isEqualTo(alice.id());
    assertThat(claims.getIssuer()).isEqualTo("chatflow");
    assertThat(claims.getAudience()).containsExactly("chatflow");
    assertThat(claims.getStringClaim("sid")).isNotBlank();
    assertThat(claims.getJWTID()).isNotBlank();
    assertThat(claims.getIssueTime()).isNotNull();
    assertThat(claims.getExpirationTime()).isNotNull();
  }
}
