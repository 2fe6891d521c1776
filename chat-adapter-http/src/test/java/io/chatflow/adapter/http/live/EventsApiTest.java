package io.chatflow.adapter.http.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatflow.adapter.http.ApiTest;
import io.chatflow.adapter.http.TestServer;
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

    CompletableFuture<HttpResponse<String>> waiting = longPoll(api, bob.token(), cursor);
    awaitWaitingClients(1);
    api.post("/api/v1/conversations/" + id + "/messages", alice.token(), Map.of("body", "wake up"));

    HttpResponse<String> res = waiting.get(10, TimeUnit.SECONDS);
    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(res.body()).contains("message.created").contains("wake up");
  }

  @Test
  void typingReachesAWaitingLongPollButIsNotReplayed() throws Exception {
    var alice = person("alice");
    var bob = person("bob");
    String id = group(alice, bob);
    String cursor = api.get("/api/v1/events", bob.token()).text("cursor");
    CompletableFuture<HttpResponse<String>> waiting = longPoll(api, bob.token(), cursor);
    awaitWaitingClients(1);

    api.send("POST", "/api/v1/conversations/" + id + "/typing", alice.token(), null, null);

    HttpResponse<String> res = waiting.get(10, TimeUnit.SECONDS);
    JsonNode batch = new com.fasterxml.jackson.databind.ObjectMapper().readTree(res.body());
    assertThat(batch.get("events").get(0).get("type").asText()).isEqualTo("typing");
    assertThat(batch.get("events").get(0).at("/data/user/id").asText()).isEqualTo(alice.id());
    assertThat(api.get("/api/v1/events?after=" + cursor, bob.token()).json().get("events")).isEmpty();
  }

  @Test
  void aClientThatGoesAwayIsForgottenWhenItsWaitEnds() throws Exception {
    try (TestServer own = new TestServer()) {
      var bob = own.person(unique("bob"));
      String cursor = own.get("/api/v1/events", bob.token()).text("cursor");
      try (java.net.Socket socket = new java.net.Socket("127.0.0.1", own.server.port())) {
        socket.getOutputStream().write(("GET /api/v1/events?wait=1&after=" + cursor + " HTTP/1.1\r\n"
            + "Host: localhost\r\nAuthorization: Bearer " + bob.token() + "\r\n\r\n")
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        awaitWaitingClients(own, 1);
      }

      // Undertow does not read a parked connection, so it notices the client is gone only
      // when the wait ends and the answer cannot be written.
      awaitWaitingClients(own, 0);
      assertThat(own.get("/api/v1/events", bob.token()).status()).isEqualTo(200);
    }
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
  void aWaitingLongPollKeepsItsUserOnline() throws Exception {
    try (TestServer own = new TestServer()) {
      var alice = own.person(unique("alice"));
      var bob = own.person(unique("bob"));
      String id = own.post("/api/v1/conversations", alice.token(),
          Map.of("kind", "group", "title", "Team", "memberIds", List.of(bob.id()))).text("id");
      String cursor = own.get("/api/v1/events", bob.token()).text("cursor");
      CompletableFuture<HttpResponse<String>> waiting = longPoll(own, bob.token(), cursor);
      awaitWaitingClients(own, 1);

      own.clock.advance(Duration.ofMinutes(5));

      assertThat(own.get("/api/v1/users/" + bob.id(), alice.token()).json().at("/presence/status").asText())
          .isEqualTo("online");
      own.post("/api/v1/conversations/" + id + "/messages", alice.token(), Map.of("body", "done waiting"));
      assertThat(waiting.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      own.clock.advance(Duration.ofMinutes(2));
      assertThat(own.get("/api/v1/users/" + bob.id(), alice.token()).json().at("/presence/status").asText())
          .isEqualTo("offline");
    }
  }

  @Test
  void aCursorOlderThanTheRetainedHistoryIsGone() {
    try (TestServer own = new TestServer()) {
      var alice = own.person(unique("alice"));
      String id = group(own, alice);
      own.post("/api/v1/conversations/" + id + "/messages", alice.token(), Map.of("body", "old news"));
      own.clock.advance(Duration.ofDays(8));
      own.post("/api/v1/conversations/" + id + "/messages", alice.token(), Map.of("body", "new"));
      own.assembled.pruneEvents();
      String token = own.server.issueAccessToken(own.core.sessions().login(alice.user().username().value(),
          TestServer.PASSWORD));

      var res = own.get("/api/v1/events?after=0", token);

      assertThat(res.status()).isEqualTo(410);
      assertThat(res.header("Content-Type")).isEqualTo("application/problem+json");
      assertThat(res.text("type")).isEqualTo("urn:chatflow:problem:cursor-expired");
      assertThat(res.text("detail")).isEqualTo(
          "the cursor is older than the retained events; resync from the message lists, then resume from the current cursor");
    }
  }

  private String group(TestServer server, TestServer.Person owner) {
    return server.post("/api/v1/conversations", owner.token(),
        Map.of("kind", "group", "title", "Team", "memberIds", List.of())).text("id");
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

  /** A long poll of up to 30 s after {@code cursor}, sent without waiting for its answer. */
  private static CompletableFuture<HttpResponse<String>> longPoll(TestServer server, String token, String cursor) {
    return server.client.sendAsync(
        HttpRequest.newBuilder(URI.create(server.server.uri() + "/api/v1/events?wait=30&after=" + cursor))
            .header("Authorization", "Bearer " + token).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private void awaitWaitingClients(int n) throws InterruptedException {
    awaitWaitingClients(api, n);
  }

  private static void awaitWaitingClients(TestServer api, int n) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      if (api.get("/metrics", null).body().contains("chatflow_connected_clients " + n + ".0\n")) {
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
