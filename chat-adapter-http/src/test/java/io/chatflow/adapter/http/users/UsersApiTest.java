package io.chatflow.adapter.http.users;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatflow.adapter.http.ApiTest;
import io.chatflow.adapter.http.TestServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UsersApiTest extends ApiTest {

  @Test
  void meIsTheCaller() {
    var alice = person("alice");

    var res = api.get("/api/v1/users/me", alice.token());

    assertThat(res.status()).isEqualTo(200);
    assertThat(res.text("id")).isEqualTo(alice.id());
    assertThat(res.text("username")).isEqualTo(alice.user().username().value());
    assertThat(res.text("createdAt")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
  }

  @Test
  void patchingMeChangesTheDisplayName() {
    var alice = person("alice");

    var res = api.patch("/api/v1/users/me", alice.token(), Map.of("displayName", "  Alice A.  "));

    assertThat(res.status()).isEqualTo(200);
    assertThat(res.text("displayName")).isEqualTo("Alice A.");
    assertThat(api.get("/api/v1/users/me", alice.token()).text("displayName")).isEqualTo("Alice A.");
    assertThat(api.patch("/api/v1/users/me", alice.token(), Map.of("displayName", " ")).status()).isEqualTo(422);
    assertThat(api.patch("/api/v1/users/me", alice.token(), "{\"displayName\": true}").status()).isEqualTo(400);
  }

  @Test
  void changingThePasswordEndsTheOtherSessionsButNotThisOne() {
    var alice = person("alice");
    String name = alice.user().username().value();
    String other = api.token(name, TestServer.PASSWORD).text("access_token");

    var res = api.post("/api/v1/users/me/password", alice.token(),
        Map.of("currentPassword", TestServer.PASSWORD, "newPassword", "a brand new secret"));

    assertThat(res.status()).isEqualTo(204);
    assertThat(api.get("/api/v1/users/me", alice.token()).status()).isEqualTo(200);
    assertThat(api.get("/api/v1/users/me", other).status()).isEqualTo(401);
    assertThat(api.token(name, "a brand new secret").status()).isEqualTo(200);
    assertThat(api.token(name, TestServer.PASSWORD).status()).isEqualTo(400);
  }

  @Test
  void aWrongCurrentPasswordIs422() {
    var alice = person("alice");

    var res = api.post("/api/v1/users/me/password", alice.token(),
        Map.of("currentPassword", "not the password", "newPassword", "a brand new secret"));

    assertThat(res.status()).isEqualTo(422);
    assertThat(res.json().get("errors").findValuesAsText("field")).containsExactly("currentPassword");
  }

  @Test
  void searchFindsUsersByPrefixPageByPage() {
    var caller = person("searcher");
    String prefix = unique("zed").replace("_", "");
    for (int i = 0; i < 3; i++) {
      api.person(prefix + "x" + i);
    }

    var first = api.get("/api/v1/users?q=" + prefix + "&limit=2", caller.token());
    var second = api.get("/api/v1/users?q=" + prefix + "&limit=2&cursor=" + first.text("nextCursor"), caller.token());

    assertThat(first.status()).isEqualTo(200);
    assertThat(first.json().get("items").findValuesAsText("username")).containsExactly(prefix + "x0", prefix + "x1");
    assertThat(second.json().get("items").findValuesAsText("username")).containsExactly(prefix + "x2");
    assertThat(second.json().get("nextCursor").isNull()).isTrue();
  }

  @Test
  void queryValuesNotOfTheirTypeAre400AndOutOfRangeAre422() {
    var caller = person("searcher");

    assertThat(api.get("/api/v1/users?limit=abc", caller.token()).status()).isEqualTo(400);
    assertThat(api.get("/api/v1/users?limit=1&limit=2", caller.token()).status()).isEqualTo(400);
    assertThat(api.get("/api/v1/users?cursor=%25%25garbage", caller.token()).status()).isEqualTo(400);
    // a cursor of another list is not a cursor of this one
    for (int i = 0; i < 2; i++) {
      api.post("/api/v1/conversations", caller.token(), Map.of("kind", "group", "memberIds", List.of()));
    }
    String conversationsCursor = api.get("/api/v1/conversations?limit=1", caller.token()).text("nextCursor");
    assertThat(api.get("/api/v1/users?cursor=" + conversationsCursor, caller.token()).status()).isEqualTo(400);
    var zero = api.get("/api/v1/users?limit=0", caller.token());
    assertThat(zero.status()).isEqualTo(422);
    assertThat(zero.json().get("errors").findValuesAsText("field")).containsExactly("limit");
    assertThat(api.get("/api/v1/users?limit=500", caller.token()).status()).isEqualTo(422);
    // an integer beyond any range is still a number out of range, not a value of the wrong type
    var huge = api.get("/api/v1/users?limit=99999999999999999999", caller.token());
    assertThat(huge.status()).isEqualTo(422);
    assertThat(huge.json().get("errors").findValuesAsText("field")).containsExactly("limit");
    assertThat(api.get("/api/v1/users?limit=3000000000", caller.token()).status()).isEqualTo(422);
  }

  @Test
  void aUserComesWithPresence() {
    var alice = person("alice");
    var bob = person("bob");
    api.get("/api/v1/users/me", bob.token());

    var res = api.get("/api/v1/users/" + bob.id(), alice.token());

    assertThat(res.status()).isEqualTo(200);
    assertThat(res.text("username")).isEqualTo(bob.user().username().value());
    assertThat(res.json().get("presence").get("status").asText()).isEqualTo("online");
    assertThat(res.json().get("presence").get("lastSeenAt").isTextual()).isTrue();
  }

  @Test
  void anUnknownUserIs404() {
    var alice = person("alice");

    var res = api.get("/api/v1/users/no-such-user", alice.token());

    assertThat(res.status()).isEqualTo(404);
    assertThat(res.header("Content-Type")).isEqualTo("application/problem+json");
  }

  @Test
  void noApiPathEndsInASlash() {
    var alice = person("alice");

    for (String path : new String[] {"/api/v1/users/me/", "/api/v1/users/" + alice.id() + "/", "/api/v1/users/"}) {
      assertThat(api.get(path, alice.token()).status()).as(path).isEqualTo(404);
    }
    assertThat(api.get("/api/v1/users/" + alice.id(), alice.token()).status()).isEqualTo(200);
  }
}
