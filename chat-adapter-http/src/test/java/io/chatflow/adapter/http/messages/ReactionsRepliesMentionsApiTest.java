package io.chatflow.adapter.http.messages;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatflow.adapter.http.ApiTest;
import io.chatflow.adapter.http.TestServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class ReactionsRepliesMentionsApiTest extends ApiTest {

  private String group(TestServer.Person owner, TestServer.Person... members) {
    return api.post("/api/v1/conversations", owner.token(), Map.of("kind", "group", "title", "Team",
        "memberIds", java.util.Arrays.stream(members).map(TestServer.Person::id).toList())).text("id");
  }

  private static String messages(String id) {
    return "/api/v1/conversations/" + id + "/messages";
  }

  private static String reaction(String id, long seq, String emoji) {
    return messages(id) + "/" + seq + "/reactions/" + URLEncoder.encode(emoji, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private TestServer.Res react(TestServer.Person who, String id, long seq, String emoji) {
    return api.put(reaction(id, seq, emoji), who.token(), Map.of());
  }

  private JsonNode message(TestServer.Person viewer, String id, long seq) {
    for (JsonNode m : api.get(messages(id), viewer.token()).json().get("items")) {
      if (m.get("seq").asLong() == seq) {
        return m;
      }
    }
    throw new AssertionError("no message " + seq);
  }

  private static List<String> texts(JsonNode array, String field) {
    return StreamSupport.stream(array.spliterator(), false).map(n -> n.get(field).asText()).toList();
  }

  @Test
  void aReactionIs201WhenNewAnd200AfterwardsAndShowsCountsAndMe() {
    var alice = person("alice");
    var bob = person("bob");
    String id = group(alice, bob);
    api.post(messages(id), alice.token(), Map.of("body", "hello"));

    var first = react(bob, id, 1, "👍");
    assertThat(first.status()).isEqualTo(201);
    assertThat(react(bob, id, 1, "👍").status()).isEqualTo(200);
    react(alice, id, 1, "+1");
    react(alice, id, 1, "👍");

    JsonNode asBob = message(bob, id, 1).get("reactions");
    assertThat(texts(asBob, "emoji")).containsExactly("👍", "+1");
    assertThat(asBob.get(0).get("count").asInt()).isEqualTo(2);
    assertThat(asBob.get(0).get("me").asBoolean()).isTrue();
    assertThat(asBob.get(1).get("me").asBoolean()).isFalse();
    assertThat(message(alice, id, 1).get("reactions").get(1).get("me").asBoolean()).isTrue();

    assertThat(api.delete(reaction(id, 1, "👍"), bob.token()).status()).isEqualTo(204);
    assertThat(api.delete(reaction(id, 1, "👍"), bob.token()).status()).isEqualTo(204);
    assertThat(message(bob, id, 1).get("reactions").get(0).get("count").asInt()).isEqualTo(1);
    assertThat(message(bob, id, 1).get("reactions").get(0).get("me").asBoolean()).isFalse();
  }

  @Test
  void badEmojiAndTheTwentyFirstEmojiAre422() {
    var alice = person("alice");
    String id = group(alice);
    api.post(messages(id), alice.token(), Map.of("body", "hello"));

    for (String bad : List.of("👍👍", "Thumbs", "x".repeat(33), "a b", "<b>")) {
      var res = react(alice, id, 1, bad);
      assertThat(res.status()).as(bad).isEqualTo(422);
      assertThat(res.json().get("errors").findValuesAsText("field")).containsExactly("emoji");
    }
    IntStream.rangeClosed(1, 20).forEach(i -> assertThat(react(alice, id, 1, "e" + i).status()).isEqualTo(201));
    assertThat(react(alice, id, 1, "e21").status()).isEqualTo(422);
    assertThat(react(alice, id, 1, "e20").status()).isEqualTo(200);
    assertThat(message(alice, id, 1).get("reactions")).hasSize(20);
  }

  @Test
  void aNonMemberGets404OnReactionsAndRepliesAndAMissingMessageIs404() {
    var alice = person("alice");
    var mallory = person("mallory");
    String id = group(alice);
    api.post(messages(id), alice.token(), Map.of("body", "hello"));

    assertThat(react(mallory, id, 1, "👍").status()).isEqualTo(404);
    assertThat(api.delete(reaction(id, 1, "👍"), mallory.token()).status()).isEqualTo(404);
    assertThat(api.get(messages(id) + "/1/replies", mallory.token()).status()).isEqualTo(404);
    assertThat(api.post(messages(id), mallory.token(), Map.of("body", "hi", "replyTo", 1)).status()).isEqualTo(404);
    assertThat(react(alice, id, 7, "👍").status()).isEqualTo(404);
    assertThat(react(alice, id, 0, "👍").status()).isEqualTo(404);
    assertThat(api.get(messages(id) + "/7/replies", alice.token()).status()).isEqualTo(404);
    assertThat(api.get(messages(id) + "/x/replies", alice.token()).status()).isEqualTo(404);
  }

  @Test
  void aReplyCarriesItsRootAndTheRootCountsItsReplies() {
    var alice = person("alice");
    var bob = person("bob");
    String id = group(alice, bob);
    api.post(messages(id), alice.token(), Map.of("body", "root"));

    var reply = api.post(messages(id), bob.token(), Map.of("body", "reply", "replyTo", 1));
    assertThat(reply.status()).isEqualTo(201);
    assertThat(reply.json().get("seq").asLong()).isEqualTo(2);
    assertThat(reply.json().get("replyTo").asLong()).isEqualTo(1);
    var deeper = api.post(messages(id), alice.token(), Map.of("body", "deeper", "replyTo", 2));
    assertThat(deeper.json().get("replyTo").asLong()).isEqualTo(1);

    JsonNode root = message(alice, id, 1);
    assertThat(root.get("replyTo").isNull()).isTrue();
    assertThat(root.get("replyCount").asInt()).isEqualTo(2);
    assertThat(root.get("lastReplyAt").asText()).isEqualTo(deeper.text("createdAt"));
    var replies = api.get(messages(id) + "/1/replies?limit=1", bob.token());
    assertThat(replies.status()).isEqualTo(200);
    assertThat(texts(replies.json().get("items"), "body")).containsExactly("reply");
    String next = replies.json().get("nextCursor").asText();
    assertThat(texts(api.get(messages(id) + "/1/replies?cursor=" + next, bob.token()).json().get("items"), "body"))
        .containsExactly("deeper");
    assertThat(texts(api.get(messages(id) + "/1/replies?after=2", bob.token()).json().get("items"), "body"))
        .containsExactly("deeper");
  }

  @Test
  void anUnknownOrDeletedRootIs422AndAReplyToOfTheWrongTypeIs400() {
    var alice = person("alice");
    String id = group(alice);
    api.post(messages(id), alice.token(), Map.of("body", "root"));

    for (Object bad : List.of(5, 0, -1)) {
      var res = api.post(messages(id), alice.token(), Map.of("body", "x", "replyTo", bad));
      assertThat(res.status()).as(String.valueOf(bad)).isEqualTo(422);
      assertThat(res.json().get("errors").findValuesAsText("field")).containsExactly("replyTo");
    }
    assertThat(api.post(messages(id), alice.token(), "{\"body\":\"x\",\"replyTo\":\"one\"}").status()).isEqualTo(400);
    api.delete(messages(id) + "/1", alice.token());
    assertThat(api.post(messages(id), alice.token(), Map.of("body", "x", "replyTo", 1)).status()).isEqualTo(422);
    assertThat(api.get(messages(id) + "/1/replies?cursor=garbage", alice.token()).status()).isEqualTo(400);
  }

  @Test
  void mentionsAreOnTheMessageCountedInTheListAndListedForTheCaller() {
    var alice = person("alice");
    var bob = person("bob");
    String id = group(alice, bob);

    var posted = api.post(messages(id), alice.token(), Map.of("body", "hi @" + bob.user().username().value() + "!"));
    assertThat(posted.json().get("mentions")).hasSize(1);
    assertThat(posted.json().get("mentions").get(0).asText()).isEqualTo(bob.id());
    api.post(messages(id), alice.token(), Map.of("body", "plain"));

    JsonNode summary = api.get("/api/v1/conversations", bob.token()).json().get("items").get(0);
    assertThat(summary.get("unreadCount").asLong()).isEqualTo(2);
    assertThat(summary.get("mentionCount").asLong()).isEqualTo(1);
    assertThat(api.get("/api/v1/conversations/" + id, bob.token()).json().get("mentionCount").asLong()).isEqualTo(1);
    var mine = api.get("/api/v1/users/me/mentions", bob.token());
    assertThat(mine.status()).isEqualTo(200);
    assertThat(texts(mine.json().get("items"), "seq")).containsExactly("1");
    assertThat(api.get("/api/v1/users/me/mentions", alice.token()).json().get("items")).isEmpty();
    assertThat(api.get("/api/v1/users/me/mentions?limit=0", bob.token()).status()).isEqualTo(422);
    assertThat(api.get("/api/v1/users/me/mentions?cursor=nope", bob.token()).status()).isEqualTo(400);
  }

  @Test
  void reactionEventsCarrySeqEmojiAndUserAndResumeExactlyOnceBetweenMessages() {
    var alice = person("alice");
    var bob = person("bob");
    String id = group(alice, bob);
    String cursor = api.get("/api/v1/events", alice.token()).text("cursor");
    List<String> seen = new ArrayList<>();
    List<String> expected = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      api.post(messages(id), bob.token(), Map.of("body", "m" + i));
      expected.add("message.created " + i);
      react(bob, id, i, "👍");
      expected.add("reaction.added " + i + " 👍 " + bob.id());
      if (i % 2 == 0) {
        api.delete(reaction(id, i - 1, "👍"), bob.token());
        expected.add("reaction.removed " + (i - 1) + " 👍 " + bob.id());
      }
      cursor = poll(alice, cursor, seen);
    }
    poll(alice, cursor, seen);
    assertThat(seen).containsExactlyElementsOf(expected);
  }

  /** Reads the person's events after {@code cursor}, two at a time, until none are left; returns the cursor. */
  private String poll(TestServer.Person who, String cursor, List<String> seen) {
    while (true) {
      JsonNode batch = api.get("/api/v1/events?limit=2&after=" + cursor, who.token()).json();
      for (JsonNode e : batch.get("events")) {
        JsonNode d = e.get("data");
        String type = e.get("type").asText();
        seen.add(type.startsWith("reaction.")
            ? type + " " + d.get("seq").asLong() + " " + d.get("emoji").asText() + " " + d.get("userId").asText()
            : type + " " + d.get("seq").asLong());
      }
      if (batch.get("events").isEmpty()) {
        return batch.get("cursor").asText();
      }
      cursor = batch.get("cursor").asText();
    }
  }
}
