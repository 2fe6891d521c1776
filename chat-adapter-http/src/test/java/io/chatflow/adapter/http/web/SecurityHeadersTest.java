package io.chatflow.adapter.http.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatflow.adapter.http.ApiTest;
import io.chatflow.adapter.http.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The headers every answer carries, the CSP of each HTML page, and names that refuse hidden characters. */
class SecurityHeadersTest extends ApiTest {

  private HttpResponse<String> fetch(String path) throws Exception {
    return api.client.send(HttpRequest.newBuilder(URI.create(api.server.uri() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void apiAnswersAreNeverCachedSniffedOrFramed() throws Exception {
    var alice = person("alice");
    for (TestServer.Res res : List.of(api.get("/api/v1/users/me", alice.token()), api.get("/api/v1/users/me", null),
        api.get("/api/v1/no-such-thing", null), api.get("/health", null))) {
      assertThat(res.header("X-Content-Type-Options")).as(res.toString()).isEqualTo("nosniff");
      assertThat(res.header("Cache-Control")).as(res.toString()).isEqualTo("no-store");
      assertThat(res.header("Content-Security-Policy")).as(res.toString())
          .contains("default-src 'none'").contains("frame-ancestors 'none'");
    }
    // a public document keeps its own caching
    assertThat(api.get("/.well-known/jwks.json", null).header("Cache-Control")).isEqualTo("public, max-age=300");
  }

  @Test
  void theWebClientMayConnectOnlyToItsOwnOrigin() throws Exception {
    var page = fetch("/");

    String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
    String connect = csp.replaceAll(".*connect-src ([^;]*);.*", "$1");
    assertThat(connect.split(" ")).containsExactly("'self'", "ws://" + api.server.uri().getAuthority());
    assertThat(csp).contains("frame-ancestors 'none'", "script-src 'self'", "default-src 'none'");
    assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
  }

  @Test
  void swaggerUiHasAStrictPolicyOfItsOwn() throws Exception {
    for (String path : List.of("/docs/", "/docs/swagger-initializer.js", "/docs/swagger-ui-bundle.js")) {
      var res = fetch(path);
      assertThat(res.statusCode()).as(path).isEqualTo(200);
      String csp = res.headers().firstValue("Content-Security-Policy").orElseThrow();
      assertThat(csp).as(path).contains("script-src 'self';", "connect-src 'self';", "frame-ancestors 'none'")
          .doesNotContain("unsafe-eval");
      assertThat(csp.replaceAll(".*script-src ([^;]*);.*", "$1")).isEqualTo("'self'");
    }
  }

  @Test
  void namesWithBidiOverridesOrZeroWidthCharactersAre422NamingTheField() {
    var alice = person("alice");

    var rename = api.patch("/api/v1/users/me", alice.token(), Map.of("displayName", "admin\u202Etxt.exe"));
    var group = api.post("/api/v1/conversations", alice.token(),
        Map.of("kind", "group", "title", "Team\u200B", "memberIds", List.of()));
    var register = api.post("/api/v1/auth/register", null,
        Map.of("username", unique("zed"), "password", TestServer.PASSWORD, "displayName", "Zed\u2066"));

    for (TestServer.Res res : List.of(rename, group, register)) {
      assertThat(res.status()).as(res.toString()).isEqualTo(422);
    }
    assertThat(rename.json().get("errors").findValuesAsText("field")).containsExactly("displayName");
    assertThat(group.json().get("errors").findValuesAsText("field")).containsExactly("title");
    assertThat(register.json().get("errors").findValuesAsText("field")).containsExactly("displayName");
    assertThat(api.get("/api/v1/users/me", alice.token()).text("displayName")).doesNotContain("\u202E");
  }
}
