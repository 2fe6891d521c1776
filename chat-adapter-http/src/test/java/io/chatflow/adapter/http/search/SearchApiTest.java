package io.chatflow.adapter.http.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatflow.adapter.http.ApiTest;
import io.chatflow.adapter.http.TestServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SearchApiTest extends ApiTest {
  private static final String SEARCH = "/api/v1/search/messages";

  private String group(TestServer.Person owner, TestServer.Person... members) {
    return api.post("/api/v1/conversations", owner.token(), Map.of("kind", "group", "title", "Team",
        "memberIds", java.util.Arrays.stream(members).map(TestServer.Person::id).toList())).text("id");
  }

  private void post(TestServer.Person who, String conversation, String body) {
    assertThat(api.post("/api/v1/conversations/" + conversation + "/messages", who.token(), Map.of("body", body))
        .status()).isEqualTo(201);
  }

  private static String q(String text) {
    return "?q=" + URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  private static List<String> bodies(JsonNode page) {
    List<String> bodies = new ArrayList<>();
    page.get("items").forEach(item -> bodies.add(item.get("body").asText()));
    return bodies;
  }

  @Test
  void hitsAreMessagesWithTheirHighlight() {
    var alice = person("alice");
    var bob = person("bob");
    String team = group(alice, bob);
    post(alice, team, "Le café est prêt");
    post(bob, team, "nothing here");

    var res = api.get(SEARCH + q("CAFE"), bob.token());

    assertThat(res.status()).isEqualTo(200);
    JsonNode hit = res.json().get("items").get(0);
    assertThat(res.json().get("items")).hasSize(1);
    assertThat(hit.get("body").asText()).isEqualTo("Le café est prêt");
    assertThat(hit.get("highlight").asText()).isEqualTo("Le \u0002café\u0003 est prêt");
    assertThat(hit.get("conversationId").asText()).isEqualTo(team);
    assertThat(hit.get("seq").asLong()).isEqualTo(1);
    assertThat(hit.get("sender").get("id").asText()).isEqualTo(alice.id());
    assertThat(res.json().get("nextCursor").isNull()).isTrue();
  }

  @Test
  void qOfOneTo200CharactersElse422AndOtherValuesByType() {
    var alice = person("alice");
    group(alice);

    assertThat(api.get(SEARCH, alice.token()).status()).isEqualTo(422);
    var empty = api.get(SEARCH + "?q=", alice.token());
    assertThat(empty.status()).isEqualTo(422);
    assertThat(empty.json().get("errors").findValuesAsText("field")).containsExactly("q");
    assertThat(api.get(SEARCH + q("x".repeat(201)), alice.token()).status()).isEqualTo(422);
    assertThat(api.get(SEARCH + q("é".repeat(200)), alice.token()).status()).isEqualTo(200);
    assertThat(api.get(SEARCH + q("hi") + "&limit=abc", alice.token()).status()).isEqualTo(400);
    assertThat(api.get(SEARCH + q("hi") + "&limit=0", alice.token()).status()).isEqualTo(422);
    assertThat(api.get(SEARCH + q("hi") + "&limit=201", alice.token()).status()).isEqualTo(422);
    assertThat(api.get(SEARCH + q("hi") + "&cursor=garbage", alice.token()).status()).isEqualTo(400);
    assertThat(api.get(SEARCH + q("hi") + "&conversationId=", alice.token()).status()).isEqualTo(400);
    assertThat(api.get(SEARCH + q("hi") + "&senderId=", alice.token()).status()).isEqualTo(400);
    assertThat(api.get(SEARCH + q("hi") + "&q=again", alice.token()).status()).isEqualTo(400);
    assertThat(api.get(SEARCH + q("hi"), null).status()).isEqualTo(401);
  }

  @Test
  void aNonMemberFindsNothingAndARemovedMemberStopsFindingAtOnce() {
    var alice = person("alice");
    var bob = person("bob");
    var eve = person("eve");
    String team = group(alice, bob);
    post(alice, team, "the launch code is 0000");

    assertThat(bodies(api.get(SEARCH + q("launch"), bob.token()).json())).hasSize(1);
    var outsider = api.get(SEARCH + q("launch") + "&conversationId=" + team, eve.token());
    assertThat(outsider.status()).isEqualTo(200);
    assertThat(outsider.json().get("items")).isEmpty();
    assertThat(api.get(SEARCH + q("launch"), eve.token()).json().get("items")).isEmpty();

    assertThat(api.delete("/api/v1/conversations/" + team + "/members/" + bob.id(), alice.token()).status())
        .isEqualTo(204);

    assertThat(api.get(SEARCH + q("launch"), bob.token()).json().get("items")).isEmpty();
    assertThat(api.get(SEARCH + q("launch") + "&conversationId=" + team, bob.token()).json().get("items")).isEmpty();
  }

  @Test
  void filtersAndPagesNarrowAndWalkTheHits() {
    var alice = person("alice");
    var bob = person("bob");
    String team = group(alice, bob);
    String other = group(bob);
    for (int i = 0; i < 5; i++) {
      post(i % 2 == 0 ? alice : bob, team, "weekly report " + i);
    }
    post(bob, other, "weekly report elsewhere");

    assertThat(bodies(api.get(SEARCH + q("weekly rep") + "&conversationId=" + other, bob.token()).json()))
        .containsExactly("weekly report elsewhere");
    assertThat(bodies(api.get(SEARCH + q("weekly") + "&senderId=" + alice.id(), bob.token()).json())).hasSize(3);

    List<String> seen = new ArrayList<>();
    String cursor = null;
    do {
      var page = api.get(SEARCH + q("report") + "&limit=4" + (cursor == null ? "" : "&cursor=" + cursor), bob.token());
      assertThat(page.status()).isEqualTo(200);
      seen.addAll(bodies(page.json()));
      cursor = page.json().get("nextCursor").isNull() ? null : page.json().get("nextCursor").asText();
    } while (cursor != null && seen.size() < 20);
    assertThat(seen).hasSize(6).doesNotHaveDuplicates();
  }
}
