package io.chatflow.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EventsApiTest extends ApiTest {

  private String group(TestServer.Person owner, TestServer.Person... members) {
    return api.post("/api/v1/conversations", owner.token(), Map.of("kind", "group", "title", "Team",
        "memberIds", java.util.Arrays.stream(members).map(TestServer.Person::id).toList())).text("id");
  }

  @Test
  void withoutACursorOnlyTheCurrentCursorIsGiven() {
    var alice = person("alice");
    group(alice);

    var res = api.get("/api/v1/events", alice.token());

    assertThat(res.status()).isEqualTo(200);
    assertThat(res.json().get("events")).isEmpty();
    assertThat(res.text("cursor")).isNotBlank();
  }

  @Test
  void eventsAfterACursorArriveInOrderAndResumingNeverRepeats() {
    var alice = person("alice");
    var bob = person("bob");
    String cursor = api.get("/api/v1/events", bob.token()).text("cursor");
    String id = group(alice, bob);
    api.post("/api/v1/conversations/" + id + "/messages", alice.token(), Map.of("body", "hello"));

    var first = api.get("/api/v1/events?after=" + cursor, bob.token());

    assertThat(first.status()).isEqualTo(200);
    assertThat(types(first)).containsExactly("conversation.created", "message.created");
    JsonNode message = first.json().get("events").get(1);
    assertThat(message.get("conversationId").asText()).isEqualTo(id);
    assertThat(message.get("data").get("body").asText()).isEqualTo("hello");
    assertThat(first.text("cursor")).isEqualTo(message.get("id").asText());
    assertThat(api.get("/api/v1/events?after=" + first.text("cursor"), bob.token()).json().get("events")).isEmpty();
  }

  @Test
  void aLongPollIsAnsweredByTheNextEvent() throws Exception {
    var alice = person("alice");
    var bob = person("bob");
    String id = group(alice, bob);
    String cursor = api.get("/api/v1/events", bob.token()).text("cursor");

    CompletableFuture<HttpResponse<String>> waiting = api.client.sendAsync(
        HttpRequest.newBuilder(URI.create(api.server.uri() + "/api/v1/events?wait=30&after=" + cursor))
            .header("Authorization", "Bearer " + bob.token()).build(),
        HttpResponse.BodyHandlers.ofString());
    awaitWaitingClients(1);
    api.post("/api/v1/conversations/" + id + "/messages", alice.token(), Map.of("body", "wake up"));

    HttpResponse<String> res = waiting.get(10, TimeUnit.SECONDS);
    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(res.body()).contains("message.created").contains("wake up");
  }

  @Test
  void aLongPollWithNothingToSayEndsWithTheSameCursor() {
    var alice = person("alice");
    String cursor = api.get("/api/v1/events", alice.token()).text("cursor");

    var res = api.get("/api/v1/events?wait=1&after=" + cursor, alice.token());

    assertThat(res.status()).isEqualTo(200);
    assertThat(res.json().get("events")).isEmpty();
    assertThat(res.text("cursor")).isEqualTo(cursor);
  }

  @Test
  void badCursorsAndWaitsAreRefused() {
    var alice = person("alice");

    assertThat(api.get("/api/v1/events?after=abc", alice.token()).status()).isEqualTo(400);
    assertThat(api.get("/api/v1/events?after=0&wait=x", alice.token()).status()).isEqualTo(400);
    var tooLong = api.get("/api/v1/events?after=0&wait=90", alice.token());
    assertThat(tooLong.status()).isEqualTo(422);
    assertThat(tooLong.json().get("errors").findValuesAsText("field")).containsExactly("wait");
    assertThat(api.get("/api/v1/events", null).status()).isEqualTo(401);
  }

  private void awaitWaitingClients(int n) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      if (api.get("/metrics", null).body().contains("chatflow_connected_clients " + n + "\n")) {
        return;
      }
      Thread.onSpinWait();
    }
    throw new AssertionError("no long poll is waiting");
  }

  private static List<String> types(TestServer.Res res) {
    List<String> types = new ArrayList<>();
    res.json().get("events").forEach(e -> types.add(e.get("type").asText()));
    return types;
  }
}
