package io.chatflow.adapter.http.users;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatflow.adapter.http.ApiTest;
import io.chatflow.adapter.http.LiveClients;
import io.chatflow.adapter.http.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SessionsApiTest extends ApiTest {
  private static final String SESSIONS = "/api/v1/users/me/sessions";

  /** A login through the token endpoint from a client that names itself. */
  private TestServer.Res login(String username, String userAgent) {
    return api.form("/api/v1/auth/token",
        Map.of("grant_type", "password", "username", username, "password", TestServer.PASSWORD),
        Map.of("User-Agent", userAgent));
  }

  private static List<String> ids(JsonNode page) {
    List<String> ids = new ArrayList<>();
    page.get("items").forEach(s -> ids.add(s.get("id").asText()));
    return ids;
  }

  @Test
  void theListShowsTheCallersLiveSessionsNewestFirstWithTheirClientAndWhichIsCurrent() {
    var alice = person("alice");
    String name = alice.user().username().value();
    String phone = login(name, "ChatFlow-Phone/1.0").text("access_token");
    String laptop = login(name, "ChatFlow-Laptop/2.0").text("access_token");

    var res = api.get(SESSIONS, laptop);

    assertThat(res.status()).isEqualTo(200);
    JsonNode items = res.json().get("items");
    assertThat(items).hasSize(3);
    assertThat(items.get(0).get("userAgent").asText()).isEqualTo("ChatFlow-Laptop/2.0");
    assertThat(items.get(0).get("current").asBoolean()).isTrue();
    assertThat(items.get(0).get("address").asText()).isEqualTo("127.0.0.1");
    assertThat(items.get(1).get("userAgent").asText()).isEqualTo("ChatFlow-Phone/1.0");
    assertThat(items.get(1).get("current").asBoolean()).isFalse();
    assertThat(items.get(2).get("userAgent").isNull()).as("the harness's own login names no client").isTrue();
    assertThat(res.json().get("nextCursor").isNull()).isTrue();
    assertThat(api.get(SESSIONS, phone).json().get("items").get(1).get("current").asBoolean()).isTrue();

    var first = api.get(SESSIONS + "?limit=2", laptop).json();
    var second = api.get(SESSIONS + "?limit=2&cursor=" + first.get("nextCursor").asText(), laptop).json();
    List<String> paged = new ArrayList<>(ids(first));
    paged.addAll(ids(second));
    assertThat(paged).isEqualTo(ids(res.json()));
    assertThat(second.get("nextCursor").isNull()).isTrue();
    assertThat(api.get(SESSIONS + "?cursor=garbage!", laptop).status()).isEqualTo(400);
    assertThat(api.get(SESSIONS + "?limit=0", laptop).status()).isEqualTo(422);
    assertThat(api.get(SESSIONS, null).status()).isEqualTo(401);
  }

  @Test
  void endingAnotherUsersSessionByItsIdIsNotFoundAndLeavesItRunning() {
    var alice = person("alice");
    var mallory = person("mallory");
    String aliceSession = ids(api.get(SESSIONS, alice.token()).json()).get(0);

    assertThat(api.delete(SESSIONS + "/" + aliceSession, mallory.token()).status()).isEqualTo(404);
    assertThat(api.delete(SESSIONS + "/no-such-session", alice.token()).status()).isEqualTo(404);

    assertThat(api.get("/api/v1/users/me", alice.token()).status()).isEqualTo(200);
    assertThat(api.get(SESSIONS, mallory.token()).json().get("items")).hasSize(1);
  }

  @Test
  void endingASessionRefusesItsTokensClosesItsSocketWith4001WithinASecondAndEndsItsLongPoll() throws Exception {
    var alice = person("alice");
    String name = alice.user().username().value();
    var other = login(name, "ChatFlow-Other/1.0");
    String otherToken = other.text("access_token");
    String otherSession = ids(api.get(SESSIONS, otherToken).json()).get(0);
    String cursor = api.get("/api/v1/events", otherToken).text("cursor");
    try (var ws = LiveClients.Ws.open(api.client, api.ws("?access_token=" + otherToken));
        var kept = LiveClients.Ws.open(api.client, api.ws("?access_token=" + alice.token()))) {
      api.awaitMetric("chatflow_connected_clients_by_transport{transport=\"websocket\"} 2.0");
      CompletableFuture<TestServer.Res> poll = CompletableFuture.supplyAsync(
          () -> api.get("/api/v1/events?wait=30&after=" + cursor, otherToken));
      api.awaitMetric("chatflow_connected_clients_by_transport{transport=\"longpoll\"} 1.0");

      assertThat(api.delete(SESSIONS + "/" + otherSession, alice.token()).status()).isEqualTo(204);

      assertThat(ws.closed.get(1, TimeUnit.SECONDS)).isEqualTo(4001);
      var answered = poll.get(5, TimeUnit.SECONDS);
      assertThat(answered.status()).isEqualTo(401);
      assertThat(answered.header("WWW-Authenticate")).contains("invalid_token");
      kept.send("{\"type\":\"ping\"}");
      assertThat(kept.nextOfType("pong", java.time.Duration.ofSeconds(5))).as("the caller's socket stays open").isNotNull();
    }
    assertThat(api.get("/api/v1/users/me", otherToken).status()).isEqualTo(401);
    assertThat(api.form("/api/v1/auth/token",
        Map.of("grant_type", "refresh_token", "refresh_token", other.text("refresh_token"))).text("error"))
        .isEqualTo("invalid_grant");
    assertThat(ids(api.get(SESSIONS, alice.token()).json())).doesNotContain(otherSession);
  }

  @Test
  void deactivationEndsEverySessionRefusesLoginKeepsTheUsernameAndMarksTheSender() {
    var alice = person("alice");
    var bob = person("bob");
    String name = alice.user().username().value();
    String chat = api.post("/api/v1/conversations", alice.token(),
        Map.of("kind", "direct", "memberIds", List.of(bob.id()))).text("id");
    assertThat(api.post("/api/v1/conversations/" + chat + "/messages", alice.token(), Map.of("body", "bye")).status())
        .isEqualTo(201);

    var wrong = api.post("/api/v1/users/me/deactivate", alice.token(), Map.of("password", "wrong password"));
    assertThat(wrong.status()).isEqualTo(422);
    assertThat(wrong.json().get("errors").get(0).get("field").asText()).isEqualTo("password");
    assertThat(api.post("/api/v1/users/me/deactivate", alice.token(), "{}").status()).isEqualTo(422);

    assertThat(api.post("/api/v1/users/me/deactivate", alice.token(), Map.of("password", TestServer.PASSWORD)).status())
        .isEqualTo(204);

    assertThat(api.get("/api/v1/users/me", alice.token()).status()).isEqualTo(401);
    var refresh = api.form("/api/v1/auth/token", Map.of("grant_type", "refresh_token", "refresh_token", alice.refreshToken()));
    assertThat(refresh.status()).isEqualTo(400);
    assertThat(refresh.text("error")).isEqualTo("invalid_grant");
    var relogin = api.token(name, TestServer.PASSWORD);
    var wrongPassword = api.token(bob.user().username().value(), "not the password");
    assertThat(relogin.status()).isEqualTo(400);
    assertThat(relogin.body()).isEqualTo(wrongPassword.body());
    assertThat(api.post("/api/v1/auth/register", null, Map.of("username", name, "password", TestServer.PASSWORD)).status())
        .isEqualTo(409);
    JsonNode message = api.get("/api/v1/conversations/" + chat + "/messages", bob.token()).json().get("items").get(0);
    assertThat(message.get("body").asText()).isEqualTo("bye");
    assertThat(message.get("sender").get("deactivated").asBoolean()).isTrue();
    assertThat(api.get("/api/v1/conversations/" + chat + "/members", bob.token()).status()).isEqualTo(200);
  }

  @Test
  void revokingAnAccessTokenEndsItsSessionAndUnknownTokensStillAnswer200() {
    var alice = person("alice");

    assertThat(api.form("/api/v1/auth/revoke", Map.of("token", alice.token())).status()).isEqualTo(200);

    assertThat(api.get("/api/v1/users/me", alice.token()).status()).isEqualTo(401);
    assertThat(api.form("/api/v1/auth/token", Map.of("grant_type", "refresh_token", "refresh_token", alice.refreshToken()))
        .text("error")).isEqualTo("invalid_grant");
    assertThat(api.form("/api/v1/auth/revoke", Map.of("token", alice.token())).status()).as("again").isEqualTo(200);
    assertThat(api.form("/api/v1/auth/revoke", Map.of("token", "not-a-token")).status()).isEqualTo(200);
  }
}
