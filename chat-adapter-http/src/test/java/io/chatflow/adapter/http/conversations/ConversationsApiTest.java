package io.chatflow.adapter.http.conversations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatflow.adapter.http.ApiTest;
import io.chatflow.adapter.http.TestServer;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConversationsApiTest extends ApiTest {

  private String group(TestServer.Person owner, TestServer.Person... members) {
    var res = api.post("/api/v1/conversations", owner.token(), Map.of("kind", "group", "title", "Team",
        "memberIds", Stream.of(members).map(TestServer.Person::id).toList()));
    assertThat(res.status()).isEqualTo(201);
    return res.text("id");
  }

  @Test
  void creatingAGroupMakesTheCallerItsOwner() {
    var alice = person("alice");
    var bob = person("bob");

    var res = api.post("/api/v1/conversations", alice.token(),
        Map.of("kind", "group", "title", "Team", "memberIds", List.of(bob.id())));

    assertThat(res.status()).isEqualTo(201);
    JsonNode c = res.json();
    assertThat(res.header("Location")).isEqualTo("/api/v1/conversations/" + c.get("id").asText());
    assertThat(c.get("kind").asText()).isEqualTo("group");
    assertThat(c.get("role").asText()).isEqualTo("owner");
    assertThat(c.get("lastSeq").asLong()).isZero();
    assertThat(c.get("lastMessage").isNull()).isTrue();
    assertThat(c.get("memberCount").asInt()).isEqualTo(2);
    assertThat(c.get("members").findValuesAsText("role")).containsExactly("owner", "member");
    assertThat(c.get("members").get(1).get("user").get("id").asText()).isEqualTo(bob.id());
  }

  @Test
  void aDirectConversationIsUniquePerPair() {
    var alice = person("alice");
    var bob = person("bob");

    var first = api.post("/api/v1/conversations", alice.token(), Map.of("kind", "direct", "memberIds", List.of(bob.id())));
    var again = api.post("/api/v1/conversations", bob.token(), Map.of("kind", "direct", "memberIds", List.of(alice.id())));

    assertThat(first.status()).isEqualTo(201);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.text("id")).isEqualTo(first.text("id"));
    assertThat(first.json().get("title").isNull()).isTrue();
  }

  @Test
  void invalidCreationsAre422AndWrongTypes400() {
    var alice = person("alice");

    assertThat(api.post("/api/v1/conversations", alice.token(),
        Map.of("kind", "group", "title", "T", "memberIds", List.of("no-such-user"))).status()).isEqualTo(422);
    assertThat(api.post("/api/v1/conversations", alice.token(),
        Map.of("kind", "channel", "memberIds", List.of())).status()).isEqualTo(422);
    assertThat(api.post("/api/v1/conversations", alice.token(),
        "{\"kind\":\"group\",\"title\":\"T\",\"memberIds\":[1]}").status()).isEqualTo(400);
    assertThat(api.post("/api/v1/conversations", alice.token(),
        "{\"kind\":\"group\",\"title\":\"T\",\"memberIds\":\"abc\"}").status()).isEqualTo(400);
    var noMembers = api.post("/api/v1/conversations", alice.token(), Map.of("title", "T"));
    assertThat(noMembers.status()).isEqualTo(422);
    assertThat(noMembers.json().get("errors").findValuesAsText("field")).containsExactlyInAnyOrder("kind", "memberIds");
    assertThat(api.post("/api/v1/conversations", alice.token(), Map.of("kind", "group", "memberIds", List.of())).status())
        .isEqualTo(201);
  }

  @Test
  void theListShowsTheCallersConversationsMostRecentFirst() {
    var alice = person("alice");
    var bob = person("bob");
    String older = group(alice, bob);
    String newer = group(alice);
    api.post("/api/v1/conversations/" + older + "/messages", bob.token(), Map.of("body", "hi"));

    var res = api.get("/api/v1/conversations", alice.token());

    assertThat(res.status()).isEqualTo(200);
    assertThat(ids(res)).containsExactly(older, newer);
    JsonNode first = res.json().get("items").get(0);
    assertThat(first.get("unreadCount").asLong()).isEqualTo(1);
    assertThat(first.get("lastSeq").asLong()).isEqualTo(1);
    assertThat(first.get("lastMessage").get("body").asText()).isEqualTo("hi");
    var paged = api.get("/api/v1/conversations?limit=1", alice.token());
    assertThat(paged.json().get("items")).hasSize(1);
    assertThat(api.get("/api/v1/conversations?limit=1&cursor=" + paged.text("nextCursor"), alice.token())
        .json().get("items").get(0).get("id").asText()).isEqualTo(newer);
    assertThat(api.get("/api/v1/conversations?cursor=garbage!", alice.token()).status()).isEqualTo(400);
  }

  @Test
  void aConversationComesWithItsMembers() {
    var alice = person("alice");
    var bob = person("bob");
    String id = group(alice, bob);

    var res = api.get("/api/v1/conversations/" + id, bob.token());

    assertThat(res.status()).isEqualTo(200);
    assertThat(res.text("role")).isEqualTo("member");
    assertThat(res.json().get("members")).hasSize(2);
  }

  @Test
  void ownersAndAdminsRenameGroupsButPlainMembersMayNot() {
    var alice = person("alice");
    var bob = person("bob");
    String id = group(alice, bob);

    var renamed = api.patch("/api/v1/conversations/" + id, alice.token(), Map.of("title", "Renamed"));
    var refused = api.patch("/api/v1/conversations/" + id, bob.token(), Map.of("title", "Mine"));

    assertThat(renamed.status()).isEqualTo(200);
    assertThat(renamed.text("title")).isEqualTo("Renamed");
    assertThat(refused.status()).isEqualTo(403);
    assertThat(api.patch("/api/v1/conversations/" + id, alice.token(), Map.of("title", "")).status()).isEqualTo(422);
  }

  @Test
  void directConversationsCannotBeRenamedOrJoined() {
    var alice = person("alice");
    var bob = person("bob");
    var carol = person("carol");
    String id = api.post("/api/v1/conversations", alice.token(),
        Map.of("kind", "direct", "memberIds", List.of(bob.id()))).text("id");

    assertThat(api.patch("/api/v1/conversations/" + id, alice.token(), Map.of("title", "X")).status()).isEqualTo(422);
    assertThat(api.post("/api/v1/conversations/" + id + "/members", alice.token(), Map.of("userId", carol.id())).status())
        .isEqualTo(422);
    var leaving = api.delete("/api/v1/conversations/" + id + "/members/" + alice.id(), alice.token());
    assertThat(leaving.status()).isEqualTo(422);
    assertThat(leaving.json().get("errors").findValuesAsText("field")).containsExactly("userId");
  }

  @Test
  void membersAreAListOfUserRoleAndJoinedAt() {
    var alice = person("alice");
    var bob = person("bob");
    String id = group(alice, bob);

    var res = api.get("/api/v1/conversations/" + id + "/members", alice.token());

    assertThat(res.status()).isEqualTo(200);
    JsonNode items = res.json().get("items");
    assertThat(items.findValuesAsText("role")).containsExactly("owner", "member");
    assertThat(items.get(0).get("user").get("username").asText()).isEqualTo(alice.user().username().value());
    assertThat(res.json().get("nextCursor").isNull()).isTrue();
    assertThat(api.get("/api/v1/conversations/" + id + "/members?limit=x", alice.token()).status()).isEqualTo(400);
  }

  @Test
  void ownersAddMembersAndPlainMembersMayNot() {
    var alice = person("alice");
    var bob = person("bob");
    var carol = person("carol");
    String id = group(alice, bob);

    var refused = api.post("/api/v1/conversations/" + id + "/members", bob.token(), Map.of("userId", carol.id()));
    var added = api.post("/api/v1/conversations/" + id + "/members", alice.token(),
        Map.of("userId", carol.id(), "role", "admin"));

    assertThat(refused.status()).isEqualTo(403);
    assertThat(added.status()).isEqualTo(201);
    assertThat(added.text("role")).isEqualTo("admin");
    assertThat(added.json().get("user").get("id").asText()).isEqualTo(carol.id());
    assertThat(api.post("/api/v1/conversations/" + id + "/members", alice.token(), Map.of()).status()).isEqualTo(422);
    assertThat(api.post("/api/v1/conversations/" + id + "/members", alice.token(),
        Map.of("userId", "no-such-user")).status()).isIn(404, 422);
  }

  @Test
  void onlyTheOwnerChangesRoles() {
    var alice = person("alice");
    var bob = person("bob");
    var carol = person("carol");
    String id = group(alice, bob, carol);

    var promoted = api.patch("/api/v1/conversations/" + id + "/members/" + bob.id(), alice.token(), Map.of("role", "admin"));
    var refused = api.patch("/api/v1/conversations/" + id + "/members/" + carol.id(), bob.token(), Map.of("role", "admin"));

    assertThat(promoted.status()).isEqualTo(200);
    assertThat(promoted.text("role")).isEqualTo("admin");
    assertThat(refused.status()).isEqualTo(403);
    assertThat(api.patch("/api/v1/conversations/" + id + "/members/" + bob.id(), alice.token(),
        Map.of("role", "king")).status()).isEqualTo(422);
  }

  @Test
  void membersLeaveAndOwnersRemoveAndAnOwnerLeavingHandsOver() {
    var alice = person("alice");
    var bob = person("bob");
    var carol = person("carol");
    var dave = person("dave");
    String id = group(alice, bob, carol, dave);
    api.patch("/api/v1/conversations/" + id + "/members/" + carol.id(), alice.token(), Map.of("role", "admin"));

    assertThat(api.delete("/api/v1/conversations/" + id + "/members/" + dave.id(), bob.token()).status()).isEqualTo(403);
    assertThat(api.delete("/api/v1/conversations/" + id + "/members/" + dave.id(), alice.token()).status()).isEqualTo(204);
    assertThat(api.delete("/api/v1/conversations/" + id + "/members/" + bob.id(), bob.token()).status()).isEqualTo(204);
    assertThat(api.delete("/api/v1/conversations/" + id + "/members/" + alice.id(), alice.token()).status()).isEqualTo(204);

    var members = api.get("/api/v1/conversations/" + id + "/members", carol.token());
    assertThat(members.json().get("items").findValuesAsText("role")).containsExactly("owner");
    assertThat(api.get("/api/v1/conversations/" + id, bob.token()).status()).isEqualTo(404);
  }

  @Test
  void anIdWithANulByteIsNotFoundOnEveryStore() {
    // PostgreSQL cannot take a NUL in a text parameter at all: it must still be "no such
    // conversation" (or member), never a 500
    var alice = person("alice");
    String id = group(alice, person("bob"));
    for (String path : List.of("/api/v1/conversations/%00" + id, "/api/v1/conversations/" + id + "%00/messages")) {
      assertThat(api.get(path, alice.token()).status()).as(path).isEqualTo(404);
    }
    String member = "/api/v1/conversations/" + id + "/members/%00" + alice.id();
    assertThat(api.delete(member, alice.token()).status()).as(member).isEqualTo(404);
  }

  private static List<String> ids(TestServer.Res page) {
    List<String> ids = new java.util.ArrayList<>();
    page.json().get("items").forEach(item -> ids.add(item.get("id").asText()));
    return ids;
  }

  static Stream<Arguments> everyConversationRoute() {
    return Stream.of(
        Arguments.of("GET", "", null),
        Arguments.of("PATCH", "", "{\"title\":\"X\"}"),
        Arguments.of("GET", "/members", null),
        Arguments.of("POST", "/members", "{\"userId\":\"$OTHER\"}"),
        Arguments.of("PATCH", "/members/$OTHER", "{\"role\":\"admin\"}"),
        Arguments.of("DELETE", "/members/$OTHER", null),
        Arguments.of("POST", "/messages", "{\"body\":\"hello\"}"),
        Arguments.of("GET", "/messages", null),
        Arguments.of("PATCH", "/messages/1", "{\"body\":\"changed\"}"),
        Arguments.of("DELETE", "/messages/1", null),
        Arguments.of("PUT", "/read", "{\"seq\":1}"),
        Arguments.of("POST", "/typing", null));
  }

  @ParameterizedTest(name = "{0} /conversations/'{id}'{1}")
  @MethodSource("everyConversationRoute")
  void aConversationTheCallerIsNotInIsNotFoundOnEveryRoute(String method, String suffix, String body) {
    var alice = person("alice");
    var bob = person("bob");
    var stranger = person("stranger");
    String id = group(alice, bob);
    api.post("/api/v1/conversations/" + id + "/messages", alice.token(), Map.of("body", "first"));

    String path = "/api/v1/conversations/" + id + suffix.replace("$OTHER", bob.id());
    var res = api.send(method, path, stranger.token(), body == null ? null : "application/json",
        body == null ? null : body.replace("$OTHER", bob.id()));

    assertThat(res.status()).isEqualTo(404);
    assertThat(res.json().get("detail").asText()).doesNotContain(id);
    var unknown = api.send(method, "/api/v1/conversations/no-such-id" + suffix.replace("$OTHER", bob.id()),
        stranger.token(), body == null ? null : "application/json", body == null ? null : body.replace("$OTHER", bob.id()));
    assertThat(unknown.body()).isEqualTo(res.body());
  }
}
