package io.chatflow.adapter.http.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatflow.adapter.http.ApiTest;
import io.chatflow.adapter.http.LiveClients;
import io.chatflow.adapter.http.LiveSettings;
import io.chatflow.adapter.http.TestServer;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** GET /api/v1/events/stream: Server-Sent Events. */
class StreamApiTest extends ApiTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private String group(TestServer.Person owner, TestServer.Person... members) {
    return api.post("/api/v1/conversations", owner.token(), Map.of("kind", "group", "title", "Team",
        "memberIds", java.util.Arrays.stream(members).map(TestServer.Person::id).toList())).text("id");
  }

  private LiveClients.Sse open(TestServer.Person who, String query, Map<String, String> headers) {
    return LiveClients.Sse.open(api.client, api.server.uri(), who.token(), query, headers);
  }

  @Test
  void aStreamStartsLiveFromNowAndCarriesIdEventAndData() throws Exception {
    var alice = person("alice");
    var bob = person("bob");
    String id = group(alice, bob);
    api.post("/api/v1/conversations/" + id + "/messages", alice.token(), Map.of("body", "before"));

    try (var sse = open(bob, "", Map.of())) {
      assertThat(sse.status()).isEqualTo(200);
      assertThat(sse.response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
      awaitConnected(bob);
      api.post("/api/v1/conversations/" + id + "/messages", alice.token(), Map.of("body", "after"));

      LiveClients.Frame frame = nextMessage(sse);
      assertThat(frame.event()).isEqualTo("message.created");
      JsonNode event = frame.json();
      assertThat(event.get("id").asText()).isEqualTo(frame.id());
      assertThat(event.get("conversationId").asText()).isEqualTo(id);
      assertThat(event.get("data").get("body").asText()).isEqualTo("after");
    }
  }

  @Test
  void lastEventIdResumesExactlyAfterTheEventAndWinsOverAfter() throws Exception {
    var alice = person("alice");
    var bob = person("bob");
    String start = api.get("/api/v1/events", bob.token()).text("cursor");
    String id = group(alice, bob);
    for (int i = 1; i <= 3; i++) {
      api.post("/api/v1/conversations/" + id + "/messages", alice.token(), Map.of("body", "m" + i));
    }
    String firstMessageId;
    try (var sse = open(bob, "?after=" + start, Map.of())) {
      assertThat(sse.next(WAIT).event()).isEqualTo("conversation.created");
      firstMessageId = sse.next(WAIT).id();
    }

    try (var sse = open(bob, "?after=" + start, Map.of("Last-Event-ID", firstMessageId))) {
      assertThat(nextMessage(sse).json().get("data").get("body").asText()).isEqualTo("m2");
      assertThat(nextMessage(sse).json().get("data").get("body").asText()).isEqualTo("m3");
      assertThat(sse.next(Duration.ofMillis(200))).isNull();
    }
  }

  @Test
  void heartbeatsAreCommentLines() throws Exception {
    try (TestServer own = new TestServer(LiveSettings.defaults().withHeartbeat(Duration.ofMillis(100)))) {
      var carol = own.person(unique("carol"));
      try (var sse = LiveClients.Sse.open(own.client, own.server.uri(), carol.token(), "", Map.of())) {
        LiveClients.Frame beat = sse.frames.poll(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(beat).isNotNull();
        assertThat(beat.comment()).startsWith(":");
      }
    }
  }

  @Test
  void badAndGoneCursorsAreRefusedBeforeTheStreamStarts() {
    var alice = person("alice");
    var garbage = open(alice, "?after=abc", Map.of());
    assertThat(garbage.status()).isEqualTo(400);
    assertThat(open(alice, "?after=", Map.of()).status()).isEqualTo(400);
    assertThat(open(alice, "?after", Map.of()).status()).isEqualTo(400);
    var badHeader = open(alice, "", Map.of("Last-Event-ID", "x1"));
    assertThat(badHeader.status()).isEqualTo(400);
    var ahead = open(alice, "?after=999999999", Map.of());
    assertThat(ahead.status()).isEqualTo(410);
    assertThat(ahead.response.headers().firstValue("Content-Type").orElse("")).isEqualTo("application/problem+json");
    assertThat(api.get("/api/v1/events/stream", null).status()).isEqualTo(401);
  }

  @Test
  void streamsPerUserAreLimitedWith429() throws Exception {
    try (TestServer own = new TestServer(
        LiveSettings.defaults().withStreamLimits(2, 100).withHeartbeat(Duration.ofMillis(50)))) {
      var dave = own.person(unique("dave"));
      try (var one = LiveClients.Sse.open(own.client, own.server.uri(), dave.token(), "", Map.of());
          var two = LiveClients.Sse.open(own.client, own.server.uri(), dave.token(), "", Map.of())) {
        assertThat(List.of(one.status(), two.status())).containsOnly(200);
        var three = own.get("/api/v1/events/stream", dave.token());
        assertThat(three.status()).isEqualTo(429);
        assertThat(three.header("Retry-After")).isNotBlank();
        assertThat(three.text("type")).isEqualTo("urn:chatflow:problem:rate-limited");
      }
      // A client that goes away is noticed at the next write: here the 50 ms heartbeat.
      own.awaitMetric("chatflow_connected_clients 0.0");
      try (var again = LiveClients.Sse.open(own.client, own.server.uri(), dave.token(), "", Map.of())) {
        assertThat(again.status()).isEqualTo(200);
      }
    }
  }

  @Test
  void aClientThatHangsUpIsNoticedAtOnceNotAtTheNextHeartbeat() throws Exception {
    try (TestServer own = new TestServer(LiveSettings.defaults().withHeartbeat(Duration.ofHours(1)))) {
      var erin = own.person(unique("erin"));
      try (Socket socket = new Socket(own.server.uri().getHost(), own.server.uri().getPort())) {
        socket.getOutputStream().write(("GET /api/v1/events/stream HTTP/1.1\r\nHost: localhost\r\n"
            + "Authorization: Bearer " + erin.token() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        String head = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
        assertThat(head).isEqualTo("HTTP/1.1 200");
        own.awaitMetric("chatflow_connected_clients 1.0");
      }
      // nothing is written to it for an hour, so only its end of the socket can tell
      own.awaitMetric("chatflow_connected_clients 0.0");
    }
  }

  @Test
  void aStreamOpenedAsItsSessionEndsIsClosed() throws Exception {
    try (TestServer own = new TestServer()) {
      var fay = own.person(unique("fay"));
      assertThat(own.get("/api/v1/users/me", fay.token()).status()).isEqualTo(200); // "active" is cached a moment
      // ended behind the HTTP layer's back: no recheck of open streams runs, as when it ends
      // between a stream's token check and its registration
      own.core.sessions().revoke(fay.refreshToken());
      try (var sse = LiveClients.Sse.open(own.client, own.server.uri(), fay.token(), "", Map.of())) {
        // refused (401) if the cached moment passed; else it must not stay open
        own.awaitMetric("chatflow_connected_clients 0.0");
      }
    }
  }

  private void awaitConnected(TestServer.Person who) {
    api.awaitMetric("chatflow_connected_clients_by_transport{transport=\"sse\"} 1.0");
  }

  private static LiveClients.Frame nextMessage(LiveClients.Sse sse) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      LiveClients.Frame f = sse.next(Duration.ofNanos(deadline - System.nanoTime()));
      if (f != null && "message.created".equals(f.event())) {
        return f;
      }
    }
    throw new AssertionError("no message.created");
  }
}
