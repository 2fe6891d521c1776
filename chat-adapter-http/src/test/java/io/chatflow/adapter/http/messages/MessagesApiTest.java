package io.chatflow.adapter.http.messages;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatflow.adapter.http.ApiTest;
import io.chatflow.adapter.http.TestServer;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class MessagesApiTest extends ApiTest {

  private String group(TestServer.Person owner, TestServer.Person... members) {
    return api.post("/api/v1/conversations", owner.token(), Map.of("kind", "group", "title", "Team",
        "memberIds", java.util.Arrays.stream(members).map(TestServer.Person::id).toList())).text("id");
  }

  private String messages(String id) {
    return "/api/v1/conversations/" + id + "/messages";
  }

  @Test
  void postingCreatesTheNextSeqAndStoresTheBodyAsSent() {
    var alice = person("alice");
    String id = group(alice);
    String body = "  <b>hi</b> & 😀  ";

    var res = api.post(messages(id), alice.token(), Map.of("body", body));

    assertThat(res.status()).isEqualTo(201);
    JsonNode m = res.json();
    assertThat(m.get("seq").asLong()).isEqualTo(1);
    assertThat(m.get("body").asText()).isEqualTo(body);
    assertThat(m.get("conversationId").asText()).isEqualTo(id);
    assertThat(m.get("sender").get("id").asText()).isEqualTo(alice.id());
    assertThat(m.get("editedAt").isNull()).isTrue();
    assertThat(m.get("deleted").asBoolean()).isFalse();
    assertThat(api.post(messages(id), alice.token(), Map.of("body", "second")).json().get("seq").asLong()).isEqualTo(2);
  }

  @Test
  void aRepeatedClientMessageIdReturnsTheOriginalWith200() {
    var alice = person("alice");
    String id = group(alice);

    var first = api.post(messages(id), alice.token(), Map.of("body", "once", "clientMessageId", "c-1"));
    var again = api.post(messages(id), alice.token(), Map.of("body", "once", "clientMessageId", "c-1"));

    assertThat(first.status()).isEqualTo(201);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.text("id")).isEqualTo(first.text("id"));
    assertThat(api.get(messages(id), alice.token()).json().get("items")).hasSize(1);
  }

  @Test
  void badBodiesAre422AndWrongTypes400() {
    var alice = person("alice");
    String id = group(alice);

    var blank = api.post(messages(id), alice.token(), Map.of("body", "   "));
    assertThat(blank.status()).isEqualTo(422);
    assertThat(blank.json().get("errors").findValuesAsText("field")).containsExactly("body");
    assertThat(api.post(messages(id), alice.token(), Map.of("body", "x".repeat(10_001))).status()).isEqualTo(422);
    assertThat(api.post(messages(id), alice.token(), Map.of()).status()).isEqualTo(422);
    assertThat(api.post(messages(id), alice.token(), "{\"body\": 42}").status()).isEqualTo(400);
    assertThat(api.post(messages(id), alice.token(), "{\"body\": \"a\"}x").status()).isEqualTo(400);
    assertThat(api.post(messages(id), alice.token(), "{\"body\": \"a\"").status()).isEqualTo(400);
  }

  @Test
  void textThatIsNotValidUnicodeOrHoldsNulIs422() {
    var alice = person("alice");
    String id = group(alice);

    for (String body : new String[] {"{\"body\":\"a\\ud800\"}", "{\"body\":\"a\\u0000b\"}"}) {
      var res = api.post(messages(id), alice.token(), body);
      assertThat(res.status()).as(body).isEqualTo(422);
      assertThat(res.json().get("errors").findValuesAsText("field")).containsExactly("body");
    }
    assertThat(api.post(messages(id), alice.token(), "{\"body\":\"\\ud834\\udd1e\"}").text("body")).isEqualTo("𝄞");
  }

  @Test
  void aBodyOverTheLimitIs413AndAWrongContentType415() {
    var alice = person("alice");
    String id = group(alice);

    assertThat(api.post(messages(id), alice.token(), Map.of("body", "x".repeat(65 * 1024))).status()).isEqualTo(413);
    assertThat(api.post(messages(id), alice.token(), Map.of("body", "x".repeat(3 * 1024 * 1024))).status()).isEqualTo(413);
    // the limit holds where the body means nothing too
    assertThat(api.send("POST", "/api/v1/conversations/" + id + "/typing", alice.token(), "application/json",
        "x".repeat(5 * 1024 * 1024)).status()).isEqualTo(413);
    assertThat(api.send("POST", messages(id), alice.token(), "text/plain", "hello").status()).isEqualTo(415);
    assertThat(api.send("POST", messages(id), alice.token(), "application/json; charset=latin1", "{\"body\":\"a\"}").status())
        .isEqualTo(415);
    assertThat(api.send("POST", messages(id), alice.token(), "application/json; charset=UTF-8", "{\"body\":\"a\"}").status())
        .isEqualTo(201);
  }

  @Test
  void theBodyLimitCountsBytesNotCharacters() {
    var alice = person("alice");
    String id = group(alice);

    // 30,000 two-byte characters: about 59 KiB, under the limit, but over 10,000 characters.
    assertThat(api.post(messages(id), alice.token(), Map.of("body", "é".repeat(30_000))).status()).isEqualTo(422);
    // 34,000 of them: about 66 KiB, over the limit although fewer than 64 Ki characters.
    assertThat(api.post(messages(id), alice.token(), Map.of("body", "é".repeat(34_000))).status()).isEqualTo(413);
  }

  @Test
  void pagesAreInAscendingSeqNewestBeforeAndAfter() {
    var alice = person("alice");
    String id = group(alice);
    LongStream.rangeClosed(1, 7).forEach(i -> api.post(messages(id), alice.token(), Map.of("body", "m" + i)));

    assertThat(seqs(api.get(messages(id) + "?limit=3", alice.token()))).containsExactly(5L, 6L, 7L);
    assertThat(seqs(api.get(messages(id) + "?before=5&limit=3", alice.token()))).containsExactly(2L, 3L, 4L);
    assertThat(seqs(api.get(messages(id) + "?after=2&limit=3", alice.token()))).containsExactly(3L, 4L, 5L);
    assertThat(seqs(api.get(messages(id), alice.token()))).hasSize(7);
  }

  @Test
  void pageQueryValuesAreCheckedForTypeAndRange() {
    var alice = person("alice");
    String id = group(alice);

    assertThat(api.get(messages(id) + "?before=abc", alice.token()).status()).isEqualTo(400);
    assertThat(api.get(messages(id) + "?limit=abc", alice.token()).status()).isEqualTo(400);
    assertThat(api.get(messages(id) + "?cursor=%21garbage", alice.token()).status()).isEqualTo(400);
    assertThat(api.get(messages(id) + "?limit=0", alice.token()).status()).isEqualTo(422);
    assertThat(api.get(messages(id) + "?limit=500", alice.token()).status()).isEqualTo(422);
  }

  @Test
  void onlyTheSenderEditsAndEditingSetsEditedAt() {
    var alice = person("alice");
    var bob = person("bob");
    String id = group(alice, bob);
    api.post(messages(id), bob.token(), Map.of("body", "tpyo"));

    var refused = api.patch(messages(id) + "/1", alice.token(), Map.of("body", "hacked"));
    var edited = api.patch(messages(id) + "/1", bob.token(), Map.of("body", "typo"));

    assertThat(refused.status()).isEqualTo(403);
    assertThat(edited.status()).isEqualTo(200);
    assertThat(edited.text("body")).isEqualTo("typo");
    assertThat(edited.json().get("editedAt").isTextual()).isTrue();
    assertThat(api.patch(messages(id) + "/1", bob.token(), Map.of("body", "")).status()).isEqualTo(422);
    assertThat(api.patch(messages(id) + "/99", bob.token(), Map.of("body", "x")).status()).isEqualTo(404);
    assertThat(api.patch(messages(id) + "/abc", bob.token(), Map.of("body", "x")).status()).isEqualTo(404);
  }

  @Test
  void deletingLeavesATombstoneSoSeqStaysContiguous() {
    var alice = person("alice");
    var bob = person("bob");
    var carol = person("carol");
    String id = group(alice, bob, carol);
    api.post(messages(id), bob.token(), Map.of("body", "one"));
    api.post(messages(id), bob.token(), Map.of("body", "two"));

    assertThat(api.delete(messages(id) + "/1", carol.token()).status()).isEqualTo(403);
    var byOwner = api.delete(messages(id) + "/1", alice.token());
    var bySender = api.delete(messages(id) + "/2", bob.token());

    assertThat(byOwner.status()).isEqualTo(200);
    assertThat(byOwner.json().get("deleted").asBoolean()).isTrue();
    assertThat(byOwner.text("body")).isEmpty();
    assertThat(bySender.status()).isEqualTo(200);
    var page = api.get(messages(id), carol.token());
    assertThat(seqs(page)).containsExactly(1L, 2L);
    assertThat(page.json().get("items").findValuesAsText("body")).containsExactly("", "");
    // a tombstone stays one: the state conflicts with the edit, the sender's right does not
    assertThat(api.patch(messages(id) + "/2", bob.token(), Map.of("body", "back")).status()).isEqualTo(409);
  }

  @Test
  void theReadMarkerMovesForwardOnlyAndCountsOthersMessages() {
    var alice = person("alice");
    var bob = person("bob");
    String id = group(alice, bob);
    for (int i = 0; i < 3; i++) {
      api.post(messages(id), bob.token(), Map.of("body", "m" + i));
    }

    var moved = api.put("/api/v1/conversations/" + id + "/read", alice.token(), Map.of("seq", 2));
    var back = api.put("/api/v1/conversations/" + id + "/read", alice.token(), Map.of("seq", 1));

    assertThat(moved.status()).isEqualTo(200);
    assertThat(moved.json().get("seq").asLong()).isEqualTo(2);
    assertThat(moved.json().get("unreadCount").asLong()).isEqualTo(1);
    assertThat(back.status()).isEqualTo(200);
    assertThat(back.json().get("seq").asLong()).isEqualTo(2);
    assertThat(api.put("/api/v1/conversations/" + id + "/read", alice.token(), Map.of()).status()).isEqualTo(422);
    assertThat(api.put("/api/v1/conversations/" + id + "/read", alice.token(), "{\"seq\":\"2\"}").status()).isEqualTo(400);
    assertThat(api.put("/api/v1/conversations/" + id + "/read", alice.token(), "{\"seq\":1.5}").status()).isEqualTo(400);
    var huge = api.put("/api/v1/conversations/" + id + "/read", alice.token(), "{\"seq\":99999999999999999999999}");
    assertThat(huge.status()).isEqualTo(422);
    assertThat(huge.json().get("errors").findValuesAsText("field")).containsExactly("seq");
  }

  @Test
  void typingIsAcknowledgedWithNoContent() {
    var alice = person("alice");
    var bob = person("bob");
    String id = group(alice, bob);

    var res = api.send("POST", "/api/v1/conversations/" + id + "/typing", alice.token(), null, null);

    assertThat(res.status()).isEqualTo(204);
    assertThat(res.body()).isEmpty();
  }

  private static List<Long> seqs(TestServer.Res page) {
    assertThat(page.status()).isEqualTo(200);
    return page.json().get("items").findValues("seq").stream().map(JsonNode::asLong).toList();
  }
}
