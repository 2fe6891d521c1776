package io.chatflow.adapter.http.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatflow.adapter.http.ApiTest;
import io.chatflow.adapter.http.LiveClients;
import io.chatflow.adapter.http.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Membership and presence as live connections see them. */
class LiveMembershipTest extends ApiTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private String group(TestServer.Person owner, String title, TestServer.Person... members) {
    return api.post("/api/v1/conversations", owner.token(), Map.of("kind", "group", "title", title,
        "memberIds", java.util.Arrays.stream(members).map(TestServer.Person::id).toList())).text("id");
  }

  private void post(TestServer.Person who, String conversation, String body) {
    assertThat(api.post("/api/v1/conversations/" + conversation + "/messages", who.token(), Map.of("body", body)).status())
        .isEqualTo(201);
  }

  /** Events on the socket up to and including the message with {@code body}. */
  private static List<JsonNode> until(LiveClients.Ws ws, String body) throws InterruptedException {
    List<JsonNode> seen = new ArrayList<>();
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode n = ws.next(Duration.ofMillis(200));
      if (n != null) {
        seen.add(n);
        if (body.equals(n.path("data").path("body").asText())) {
          return seen;
        }
      }
    }
    throw new AssertionError("never got " + body + "; got " + seen);
  }

  @Test
  void removalCutsLiveDeliveryAndAddingStartsIt() throws Exception {
    var alice = person("alice");
    var bob = person("bob");
    var carol = person("carol");
    String team = group(alice, "Team", bob);
    String side = group(alice, "Side", bob, carol);
    try (var bobs = LiveClients.Ws.open(api.client, api.ws("?access_token=" + bob.token()));
        var carols = LiveClients.Ws.open(api.client, api.ws("?access_token=" + carol.token()))) {
      api.awaitMetric("chatflow_connected_clients_by_transport{transport=\"websocket\"} 2.0");
      post(alice, team, "before");
      assertThat(until(bobs, "before")).isNotEmpty();

      assertThat(api.delete("/api/v1/conversations/" + team + "/members/" + bob.id(), alice.token()).status()).isEqualTo(204);
      post(alice, team, "secret");
      post(alice, side, "marker");
      List<JsonNode> afterRemoval = until(bobs, "marker");
      assertThat(afterRemoval).noneMatch(e -> "secret".equals(e.path("data").path("body").asText()));
      assertThat(afterRemoval).noneMatch(e -> team.equals(e.path("conversationId").asText())
          && e.path("type").asText().startsWith("message."));

      api.post("/api/v1/conversations/" + team + "/members", alice.token(), Map.of("userId", carol.id()));
      post(alice, team, "welcome");
      List<JsonNode> carolSaw = until(carols, "welcome");
      List<String> carolTypes = carolSaw.stream()
          .filter(e -> team.equals(e.path("conversationId").asText())).map(e -> e.get("type").asText()).toList();
      assertThat(carolTypes).startsWith("conversation.created").endsWith("message.created")
          .doesNotContain("typing");
      assertThat(carolSaw).noneMatch(e -> "secret".equals(e.path("data").path("body").asText()));
    }
  }

  @Test
  void connectingAnnouncesOnlineToContactsAndTheSweepAnnouncesOffline() throws Exception {
    try (TestServer own = new TestServer()) {
      var alice = own.person(unique("alice"));
      var bob = own.person(unique("bob")); // registered through the core: not yet seen online
      own.post("/api/v1/conversations", alice.token(), Map.of("kind", "group", "title", "P", "memberIds", List.of(bob.id())));
      try (var alices = LiveClients.Ws.open(own.client, own.ws("?access_token=" + alice.token()))) {
        own.awaitMetric("chatflow_connected_clients 1.0");
        try (var bobs = LiveClients.Sse.open(own.client, own.server.uri(), bob.token(), "", Map.of())) {
          JsonNode online = alices.nextOfType("presence.changed", WAIT);
          assertThat(online.get("data").get("user").get("id").asText()).isEqualTo(bob.id());
          assertThat(online.get("data").get("status").asText()).isEqualTo("online");
          own.clock.advance(Duration.ofMinutes(5));
          assertThat(own.assembled.sweepPresence()).as("still connected: not swept").isZero();
          assertThat(own.get("/api/v1/users/" + bob.id(), alice.token()).json().at("/presence/status").asText())
              .isEqualTo("online");
        }
        // The server notices a closed stream only when a write to it fails, and the first write
        // after the peer went away may still be accepted by TCP: write to bob until one fails.
        String dm = own.post("/api/v1/conversations", alice.token(),
            Map.of("kind", "direct", "memberIds", List.of(bob.id()))).text("id");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!own.get("/metrics", null).body().contains("chatflow_connected_clients 1.0\n")) {
          assertThat(System.nanoTime()).as("bob's closed stream is noticed").isLessThan(deadline);
          own.post("/api/v1/conversations/" + dm + "/messages", alice.token(), Map.of("body", "ping"));
        }
        own.clock.advance(Duration.ofMinutes(2));
        assertThat(own.assembled.sweepPresence()).isEqualTo(1);
        JsonNode offline = alices.nextOfType("presence.changed", WAIT);
        assertThat(offline.get("data").get("status").asText()).isEqualTo("offline");
      }
    }
  }

  @Test
  void revokingTheSessionClosesItsStreamsAndSockets() throws Exception {
    var alice = person("alice");
    var bob = person("bob");
    try (var ws = LiveClients.Ws.open(api.client, api.ws("?access_token=" + alice.token()));
        var bobs = LiveClients.Ws.open(api.client, api.ws("?access_token=" + bob.token()));
        var sse = LiveClients.Sse.open(api.client, api.server.uri(), alice.token(), "", Map.of())) {
      assertThat(sse.status()).isEqualTo(200);
      api.awaitMetric("chatflow_connected_clients_by_transport{transport=\"sse\"} 1.0");

      assertThat(api.form("/api/v1/auth/revoke", Map.of("token", alice.refreshToken())).status()).isEqualTo(200);

      assertThat(ws.awaitClose()).isEqualTo(4001);
      api.awaitMetric("chatflow_connected_clients_by_transport{transport=\"sse\"} 0.0");
      bobs.send("{\"type\":\"ping\"}");
      assertThat(bobs.nextOfType("pong", WAIT)).as("another session's socket stays open").isNotNull();
    }
  }
}
