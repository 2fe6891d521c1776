package io.chatflow.adapter.http.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatflow.adapter.http.ApiTest;
import io.chatflow.adapter.http.LiveClients;
import io.chatflow.adapter.http.LiveSettings;
import io.chatflow.adapter.http.TestServer;
import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.ports.in.PresenceView;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** GET /api/v1/ws: the event feed over a WebSocket. */
class SocketApiTest extends ApiTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private String group(TestServer.Person owner, TestServer.Person... members) {
    return api.post("/api/v1/conversations", owner.token(), Map.of("kind", "group", "title", "Team",
        "memberIds", java.util.Arrays.stream(members).map(TestServer.Person::id).toList())).text("id");
  }

  private LiveClients.Ws socket(TestServer.Person who, String query) {
    return LiveClients.Ws.open(api.client, api.ws("?access_token=" + who.token() + query));
  }

  @Test
  void eventsArriveAsJsonFramesAndPingIsAnswered() throws Exception {
    var alice = person("alice");
    var bob = person("bob");
    String id = group(alice, bob);
    try (var ws = socket(bob, "")) {
      ws.send("{\"type\":\"ping\"}");
      assertThat(ws.nextOfType("pong", WAIT)).isNotNull();
      api.post("/api/v1/conversations/" + id + "/messages", alice.token(), Map.of("body", "hi bob"));

      JsonNode event = ws.nextOfType("message.created", WAIT);
      assertThat(event.get("conversationId").asText()).isEqualTo(id);
      assertThat(event.get("data").get("body").asText()).isEqualTo("hi bob");
      assertThat(event.get("id").asText()).isNotBlank();
    }
  }

  @Test
  void answersComeInTheOrderOfTheFrames() throws Exception {
    var alice = person("alice");
    try (var ws = socket(alice, "")) {
      for (int i = 0; i < 5; i++) {
        ws.send("{\"type\":\"typing\",\"conversationId\":\"nope\"}");
        ws.send("{\"type\":\"ping\"}");
        assertThat(ws.next(WAIT).get("type").asText()).isEqualTo("error");
        assertThat(ws.next(WAIT).get("type").asText()).isEqualTo("pong");
      }
    }
  }

  @Test
  void theTokenMayComeAsTheFirstFrameAndAfterResumes() throws Exception {
    var alice = person("alice");
    var bob = person("bob");
    String start = api.get("/api/v1/events", bob.token()).text("cursor");
    String id = group(alice, bob);
    api.post("/api/v1/conversations/" + id + "/messages", alice.token(), Map.of("body", "while away"));

    try (var ws = LiveClients.Ws.open(api.client, api.ws("?after=" + start))) {
      ws.send("{\"type\":\"auth\",\"token\":\"" + bob.token() + "\"}");
      assertThat(ws.next(WAIT).get("type").asText()).isEqualTo("conversation.created");
      assertThat(ws.nextOfType("message.created", WAIT).get("data").get("body").asText()).isEqualTo("while away");
    }
  }

  @Test
  void typingFramesReachTheOtherMembers() throws Exception {
    var alice = person("alice");
    var bob = person("bob");
    String id = group(alice, bob);
    try (var bobs = socket(bob, ""); var alices = socket(alice, "")) {
      api.awaitMetric("chatflow_connected_clients_by_transport{transport=\"websocket\"} 2.0");
      alices.send("{\"type\":\"typing\",\"conversationId\":\"" + id + "\"}");

      JsonNode typing = bobs.nextOfType("typing", WAIT);
      assertThat(typing.get("conversationId").asText()).isEqualTo(id);
      assertThat(typing.get("data").get("user").get("id").asText()).isEqualTo(alice.id());

      alices.send("{\"type\":\"typing\",\"conversationId\":\"nope\"}");
      assertThat(alices.nextOfType("error", WAIT).get("status").asInt()).isEqualTo(404);
    }
  }

  @Test
  void aTypingFrameForAnIdWithANulByteGetsA404FrameOnEveryStore() throws Exception {
    var alice = person("alice");
    var bob = person("bob");
    String id = group(alice, bob);
    try (var alices = socket(alice, "")) {
      // PostgreSQL refuses a NUL in a text parameter: the id must never reach the store
      alices.send("{\"type\":\"typing\",\"conversationId\":\"" + id + "\\u0000\"}");
      JsonNode error = alices.nextOfType("error", WAIT);
      assertThat(error.get("status").asInt()).isEqualTo(404);
      assertThat(error.get("detail").asText()).contains("conversation");
      alices.send("{\"type\":\"ping\"}");
      assertThat(alices.next(WAIT).get("type").asText()).isEqualTo("pong");
    }
  }

  @Test
  void aBadHandshakeIsAnHttpError() {
    var alice = person("alice");
    assertThat(handshakeStatus(api.ws("?access_token=garbage"), Map.of())).isEqualTo(401);
    assertThat(handshakeStatus(api.ws("?access_token=" + alice.token() + "&after=abc"), Map.of())).isEqualTo(400);
    assertThat(handshakeStatus(api.ws("?access_token=" + alice.token() + "&after=999999999"), Map.of())).isEqualTo(410);
    assertThat(handshakeStatus(api.ws("?access_token=" + alice.token()), Map.of("Origin", "https://evil.example")))
        .isEqualTo(403);
    assertThat(api.get("/api/v1/ws", null).status()).isEqualTo(400);
  }

  @Test
  void theServersOwnOriginAndAllowListedOnesAreAccepted() {
    var alice = person("alice");
    String own = "http://" + api.server.uri().getAuthority();
    try (var ws = LiveClients.Ws.open(api.client, api.ws("?access_token=" + alice.token()), Map.of("Origin", own), true)) {
      assertThat(ws.socket.isInputClosed()).isFalse();
    }
    try (TestServer other = new TestServer(LiveSettings.defaults().withAllowedOrigins(java.util.Set.of("https://app.example")))) {
      var bob = other.person(unique("bob"));
      try (var ws = LiveClients.Ws.open(other.client, other.ws("?access_token=" + bob.token()),
          Map.of("Origin", "https://app.example"), true)) {
        assertThat(ws.socket.isInputClosed()).isFalse();
      }
    }
  }

  @Test
  void aBadFirstFrameClosesWithAPolicyOrTokenCode() {
    try (var ws = LiveClients.Ws.open(api.client, api.ws(""))) {
      ws.send("{\"type\":\"auth\",\"token\":\"garbage\"}");
      assertThat(ws.awaitClose()).isEqualTo(4401);
    }
    try (var ws = LiveClients.Ws.open(api.client, api.ws(""))) {
      ws.send("{\"type\":\"ping\"}");
      assertThat(ws.awaitClose()).isEqualTo(1008);
    }
  }

  @Test
  void aGoneCursorAfterAuthFrameClosesWith4410() {
    var alice = person("alice");
    try (var ws = LiveClients.Ws.open(api.client, api.ws("?after=999999999"))) {
      ws.send("{\"type\":\"auth\",\"token\":\"" + alice.token() + "\"}");
      assertThat(ws.awaitClose()).isEqualTo(4410);
      assertThat(ws.closeReason).contains("resync");
    }
  }

  @Test
  void aFrameOverTheLimitClosesWith1009() {
    var alice = person("alice");
    try (var ws = socket(alice, "")) {
      ws.send("{\"type\":\"ping\",\"pad\":\"" + "x".repeat(20_000) + "\"}");
      assertThat(ws.awaitClose()).isEqualTo(1009);
    }
  }

  @Test
  void socketsPerUserAndOverallAreLimited() {
    try (TestServer own = new TestServer(LiveSettings.defaults().withStreamLimits(1, 2))) {
      var erin = own.person(unique("erin"));
      var fred = own.person(unique("fred"));
      var gina = own.person(unique("gina"));
      try (var first = LiveClients.Ws.open(own.client, own.ws("?access_token=" + erin.token()))) {
        own.awaitMetric("chatflow_connected_clients 1.0");
        assertThat(handshakeStatus(own.ws("?access_token=" + erin.token()), Map.of())).isEqualTo(429);
        try (var second = LiveClients.Ws.open(own.client, own.ws(""))) {
          second.send("{\"type\":\"auth\",\"token\":\"" + erin.token() + "\"}");
          assertThat(second.awaitClose()).isEqualTo(1008);
        }
        try (var freds = LiveClients.Ws.open(own.client, own.ws("?access_token=" + fred.token()))) {
          own.awaitMetric("chatflow_connected_clients 2.0");
          try (var ginas = LiveClients.Ws.open(own.client, own.ws(""))) {
            ginas.send("{\"type\":\"auth\",\"token\":\"" + gina.token() + "\"}");
            assertThat(ginas.awaitClose()).isEqualTo(1013);
          }
        }
      }
    }
  }

  @Test
  void anIdleSocketIsClosed() {
    try (TestServer own = new TestServer(LiveSettings.defaults().withTimeouts(Duration.ofMillis(300), Duration.ofSeconds(5)))) {
      var hal = own.person(unique("hal"));
      try (var ws = LiveClients.Ws.open(own.client, own.ws("?access_token=" + hal.token()))) {
        ws.awaitClose();
        own.awaitMetric("chatflow_connected_clients 0.0");
      }
    }
  }

  @Test
  void aSocketThatNeverReadsIsDroppedWith1013WhileOthersKeepTheirEventsAndItCanResume() throws Exception {
    try (TestServer own = new TestServer(LiveSettings.defaults().withSendBuffer(256 * 1024))) {
      var ivy = own.person(unique("ivy"));
      var jon = own.person(unique("jon"));
      ConversationId conversation = groupOf(own, ivy, jon);
      String body = "y".repeat(9_000);
      // jon's socket never reads: a raw TCP client that does the handshake and stops; ivy's reads
      try (var stalled = stalledSocket(own, jon.token());
          var reader = LiveClients.Ws.open(own.client, own.ws("?access_token=" + ivy.token()))) {
        own.awaitMetric("chatflow_connected_clients 2.0");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int posted = 0;
        int read = 0;
        while (!own.get("/metrics", null).body().contains("chatflow_slow_clients_dropped_total 1.0\n")) {
          assertThat(System.nanoTime()).as("the stalled client was dropped in time").isLessThan(deadline);
          for (int i = 0; i < 10; i++) {
            own.core.messaging().post(ivy.user().id(), conversation, body, null);
            posted++;
          }
          // ivy keeps up (on a busy machine a poster that ran ahead of her socket got her dropped too)
          while (read < posted) {
            assertThat(reader.nextOfType("message.created", WAIT).get("data").get("seq").asLong()).isEqualTo(++read);
          }
        }
        own.awaitMetric("chatflow_connected_clients 1.0");
        // the close frame waited behind the backlog: a client that reads again finds 1013 at its end
        assertThat(closeCodeAtTheEnd(stalled)).isEqualTo(1013);
        assertThat(own.get("/metrics", null).body()).contains("chatflow_slow_clients_dropped_total 1.0\n");
      }
      try (var again = LiveClients.Ws.open(own.client, own.ws("?access_token=" + jon.token()))) {
        own.awaitMetric("chatflow_connected_clients 1.0");
        own.core.messaging().post(ivy.user().id(), conversation, "still here", null);
        assertThat(again.nextOfType("message.created", WAIT).get("data").get("body").asText()).isEqualTo("still here");
      }
    }
  }

  @Test
  void aSocketSendingFramesFasterThanItsRateIsClosedWith1008() throws Exception {
    try (TestServer own = new TestServer(LiveSettings.defaults()
        .withClientFrames(io.chatflow.adapter.http.limits.Rate.of(5, Duration.ofMinutes(1))))) {
      var uma = own.person(unique("uma"));
      try (var flood = LiveClients.Ws.open(own.client, own.ws("?access_token=" + uma.token()));
          var calm = LiveClients.Ws.open(own.client, own.ws("?access_token=" + uma.token()))) {
        for (int i = 0; i < 5; i++) {
          flood.send("{\"type\":\"ping\"}");
          assertThat(flood.nextOfType("pong", WAIT)).isNotNull();
        }
        flood.send("{\"type\":\"ping\"}");

        assertThat(flood.awaitClose()).isEqualTo(1008);
        assertThat(flood.closeReason).contains("too many frames");
        calm.send("{\"type\":\"ping\"}");
        assertThat(calm.nextOfType("pong", WAIT)).isNotNull();
      }
    }
  }

  @Test
  void catchingUpFarMoreThanTheSendBufferIsPacedByTheClientNotDropped() throws Exception {
    try (TestServer own = new TestServer(LiveSettings.defaults().withSendBuffer(256 * 1024))) {
      var lea = own.person(unique("lea"));
      var max = own.person(unique("max"));
      ConversationId conversation = groupOf(own, lea, max);
      String before = own.get("/api/v1/events", max.token()).text("cursor");
      // about 900 KB to replay, over three times the send buffer
      for (int i = 0; i < 100; i++) {
        own.core.messaging().post(lea.user().id(), conversation, i + " " + "z".repeat(9_000), null);
      }

      try (var resumed = LiveClients.Ws.open(own.client, own.ws("?access_token=" + max.token() + "&after=" + before))) {
        for (int seq = 1; seq <= 100; seq++) {
          assertThat(resumed.nextOfType("message.created", WAIT).get("data").get("seq").asLong()).isEqualTo(seq);
        }
      }
      assertThat(own.get("/metrics", null).body()).contains("chatflow_slow_clients_dropped_total 0.0\n");
    }
  }

  @Test
  void socketsClosedRightAfterTheirHandshakeGiveBackTheirSlotAndPresence() throws Exception {
    try (TestServer own = new TestServer(LiveSettings.defaults().withStreamLimits(50, 100))) {
      var kim = own.person(unique("kim"));
      // the close races the subscription that the upgrade hands to a worker
      for (int i = 0; i < 40; i++) {
        stalledSocket(own, kim.token()).close();
      }

      own.awaitMetric("chatflow_connected_clients 0.0");
      own.clock.advance(Duration.ofMinutes(2)); // past the presence window: only a held connection keeps kim online
      assertThat(own.core.presence().of(kim.user().id()).status()).isEqualTo(PresenceView.Status.OFFLINE);
      assertThat(own.get("/metrics", null).body()).contains("chatflow_connected_clients_by_transport{transport=\"websocket\"} 0.0\n");
    }
  }

  @Test
  void socketsResetDuringTheirHandshakeTakeNoSlot() throws Exception {
    try (TestServer own = new TestServer(LiveSettings.defaults().withStreamLimits(2, 100))) {
      var lee = own.person(unique("lee"));
      for (int i = 0; i < 10; i++) {
        java.net.Socket socket = new java.net.Socket(own.server.uri().getHost(), own.server.port());
        socket.setSoLinger(true, 0); // close with a reset, right after the upgrade request
        socket.getOutputStream().write(upgrade(own, lee.token()).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        socket.close();
      }
      // both of lee's slots are still free
      try (var one = stalledSocket(own, lee.token()); var two = stalledSocket(own, lee.token())) {
        own.awaitMetric("chatflow_connected_clients_by_transport{transport=\"websocket\"} 2.0");
      }
      own.awaitMetric("chatflow_connected_clients 0.0");
    }
  }

  private static ConversationId groupOf(TestServer server, TestServer.Person owner, TestServer.Person member) {
    return new ConversationId(server.post("/api/v1/conversations", owner.token(), Map.of("kind", "group", "title", "Big",
        "memberIds", java.util.List.of(member.id()))).text("id"));
  }

  private static String upgrade(TestServer server, String token) {
    return "GET /api/v1/ws?access_token=" + token + " HTTP/1.1\r\nHost: " + server.server.uri().getAuthority()
        + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
        + "Sec-WebSocket-Version: 13\r\n\r\n";
  }

  /** Reads a server's unmasked frames to the end of the connection; the code of the close frame among them. */
  private static int closeCodeAtTheEnd(java.net.Socket socket) throws java.io.IOException {
    socket.setSoTimeout(20_000);
    var in = new java.io.DataInputStream(new java.io.BufferedInputStream(socket.getInputStream()));
    while (true) {
      int first = in.read();
      if (first < 0) {
        return -1;
      }
      long length = in.readUnsignedByte() & 0x7f;
      length = length == 126 ? in.readUnsignedShort() : length == 127 ? in.readLong() : length;
      if ((first & 0x0f) == 0x8) {
        return in.readUnsignedShort();
      }
      in.skipNBytes(length);
    }
  }

  /** A WebSocket client that completes the handshake and then never reads a byte. */
  private static java.net.Socket stalledSocket(TestServer server, String token) throws java.io.IOException {
    java.net.Socket socket = new java.net.Socket();
    socket.setReceiveBufferSize(4096);
    socket.connect(new java.net.InetSocketAddress(server.server.uri().getHost(), server.server.port()));
    socket.getOutputStream().write(upgrade(server, token).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    var in = socket.getInputStream();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.append((char) b);
    }
    assertThat(head.toString()).startsWith("HTTP/1.1 101");
    return socket;
  }

  private int handshakeStatus(java.net.URI uri, Map<String, String> headers) {
    Throwable failure = catchThrowable(() -> LiveClients.Ws.open(api.client, uri, headers, true).close());
    if (failure == null) {
      failure = new AssertionError("handshake succeeded");
    }
    Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
    assertThat(cause).isInstanceOf(WebSocketHandshakeException.class);
    return ((WebSocketHandshakeException) cause).getResponse().statusCode();
  }
}
