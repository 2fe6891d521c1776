package io.chatflow.app.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatflow.app.Api;
import io.chatflow.app.Server;
import io.chatflow.app.config.Setting;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several ChatFlow nodes on one PostgreSQL database behave as one service: what is posted on one
 * node reaches subscribers on another on every transport, exactly once and in order, through a
 * node's death and a cut of its listening connection; a session ended on one node closes its
 * socket on another. Runs where CHATFLOW_TEST_PG_URL names a server (run-tests.sh sets it).
 */
class ClusterTest {
  private static final String PASSWORD = "long enough pw";
  private static final Duration WITHIN = Duration.ofSeconds(20);
  private static final Duration PRESENCE_WINDOW = Duration.ofSeconds(6);

  @TempDir Path dir;
  private ClusterDatabase db;
  private final List<AutoCloseable> open = new ArrayList<>();

  @BeforeEach
  void createDatabase() throws Exception {
    db = ClusterDatabase.create();
  }

  @AfterEach
  void stopEverything() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    if (db != null) {
      db.close();
    }
  }

  private <T extends AutoCloseable> T opened(T closeable) {
    open.add(closeable);
    return closeable;
  }

  /** Nothing shared but the database: each node makes or reads the signing key there. */
  private static Map<Setting, String> nodeSettings() {
    return Map.of(Setting.PRESENCE_WINDOW, PRESENCE_WINDOW.toSeconds() + "s");
  }

  private Node node(String name) {
    return opened(Node.inProcess(db, dir.resolve(name), nodeSettings()));
  }

  /** Alice (the poster) and Bob (the reader) in a group conversation, made on {@code on}. */
  private record People(String alice, String bobId, String conversation) {}

  private static People people(Api on) {
    Api.Reply alice = on.post("/api/v1/auth/register", null, "{\"username\":\"alice\",\"password\":\"" + PASSWORD + "\"}");
    assertThat(alice.status()).as(alice.text()).isEqualTo(201);
    Api.Reply bob = on.post("/api/v1/auth/register", null, "{\"username\":\"bob\",\"password\":\"" + PASSWORD + "\"}");
    assertThat(bob.status()).as(bob.text()).isEqualTo(201);
    String aliceToken = on.login("alice", PASSWORD);
    Api.Reply created = on.post("/api/v1/conversations", aliceToken,
        "{\"kind\":\"group\",\"title\":\"cluster\",\"memberIds\":[\"" + bob.body().get("id").asText() + "\"]}");
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    return new People(aliceToken, bob.body().get("id").asText(), created.body().get("id").asText());
  }

  /** Posts {@code count} messages from {@code posters} threads at once; returns when all are acknowledged. */
  private static void post(Api on, People p, int from, int count, int posters) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(posters);
    try {
      List<Future<Integer>> replies = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int n = from + i;
        replies.add(pool.submit(() -> on.post("/api/v1/conversations/" + p.conversation() + "/messages", p.alice(),
            "{\"body\":\"message " + n + "\"}").status()));
      }
      for (Future<Integer> reply : replies) {
        assertThat(reply.get(30, TimeUnit.SECONDS)).isEqualTo(201);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static String cursor(Api on, String token) {
    return on.get("/api/v1/events", token).body().get("cursor").asText();
  }

  /** Every message seq from 1 to {@code n}, once each, in order, with event ids rising. */
  private static void assertExactlyOnceInOrder(LiveClient client, int n, String transport) throws InterruptedException {
    assertThat(client.awaitCount(n, WITHIN)).as(transport + " got " + client.count() + " of " + n).isTrue();
    List<LiveClient.Got> got = client.messages();
    assertThat(got).as(transport).extracting(LiveClient.Got::seq)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, n).boxed().toList());
    assertThat(got).as(transport).extracting(LiveClient.Got::id).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void subscribersOnOneNodeGetWhatIsPostedOnAnotherExactlyOnceInOrderOnEveryTransport() throws Exception {
    Api a = new Api(node("a").uri());
    Node nodeB = node("b");
    Api b = new Api(nodeB.uri());
    People p = people(a);
    String bob = a.login("bob", PASSWORD); // a token from node A, used on node B
    String from = cursor(b, bob);
    assertThat(b.get("/.well-known/jwks.json", null).body()).isEqualTo(a.get("/.well-known/jwks.json", null).body());
    LiveClient poll = opened(LiveClient.longPoll(nodeB.uri(), bob, from));
    LiveClient sse = opened(LiveClient.sse(nodeB.uri(), bob, from));
    LiveClient socket = opened(LiveClient.socket(nodeB.uri(), bob, from));

    post(a, p, 1, 60, 4);

    assertExactlyOnceInOrder(poll, 60, "long poll");
    assertExactlyOnceInOrder(sse, 60, "SSE");
    assertExactlyOnceInOrder(socket, 60, "WebSocket");
  }

  @Test
  void clientsOfANodeKilledMidStreamResumeOnAnotherWithTheirCursorLosingAndRepeatingNothing() throws Exception {
    Api a = new Api(node("a").uri());
    Node.Child doomed = opened(Node.child(db, dir.resolve("doomed"), nodeSettings()));
    URI c = node("c").uri();
    People p = people(a);
    String bob = a.login("bob", PASSWORD);
    String from = cursor(a, bob);
    List<LiveClient> first = List.of(
        LiveClient.longPoll(doomed.uri(), bob, from), LiveClient.sse(doomed.uri(), bob, from),
        LiveClient.socket(doomed.uri(), bob, from));

    post(a, p, 1, 20, 2);
    for (LiveClient client : first) {
      assertThat(client.awaitCount(10, WITHIN)).isTrue();
    }
    doomed.kill(); // mid-stream: the posts go on
    post(a, p, 21, 20, 2);
    for (LiveClient client : first) {
      assertThat(client.ended.get(30, TimeUnit.SECONDS)).isNotNull();
      client.close();
    }

    String[] names = {"long poll", "SSE", "WebSocket"};
    for (int i = 0; i < first.size(); i++) {
      LiveClient before = first.get(i);
      LiveClient after = opened(switch (i) {
        case 0 -> LiveClient.longPoll(c, bob, before.cursor);
        case 1 -> LiveClient.sse(c, bob, before.cursor);
        default -> LiveClient.socket(c, bob, before.cursor);
      });
      int seen = before.count();
      assertThat(after.awaitCount(40 - seen, WITHIN)).as(names[i]).isTrue();
      List<LiveClient.Got> all = new ArrayList<>(before.messages());
      all.addAll(after.messages());
      assertThat(all).as(names[i]).extracting(LiveClient.Got::seq)
          .containsExactlyElementsOf(LongStream.rangeClosed(1, 40).boxed().toList());
    }
  }

  @Test
  void cuttingANodesListeningConnectionMidStreamLosesNothing() throws Exception {
    Api a = new Api(node("a").uri());
    Node nodeB = node("b");
    People p = people(a);
    String bob = a.login("bob", PASSWORD);
    String from = cursor(a, bob);
    LiveClient sse = opened(LiveClient.sse(nodeB.uri(), bob, from));
    LiveClient socket = opened(LiveClient.socket(nodeB.uri(), bob, from));

    post(a, p, 1, 20, 2);
    assertThat(sse.awaitCount(20, WITHIN)).isTrue();
    long cut = db.number("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
        + " WHERE application_name = 'chatflow-bus' AND datname = current_database()");
    assertThat(cut).as("listening connections cut").isEqualTo(2);
    post(a, p, 21, 40, 2);

    assertExactlyOnceInOrder(sse, 60, "SSE");
    assertExactlyOnceInOrder(socket, 60, "WebSocket");
  }

  @Test
  void aSessionEndedOnOneNodeClosesItsSocketOnAnotherWithinASecond() throws Exception {
    Api a = new Api(node("a").uri());
    Node nodeB = node("b");
    Api b = new Api(nodeB.uri());
    people(a);
    String onA = a.login("bob", PASSWORD);
    String onB = b.login("bob", PASSWORD);
    LiveClient socket = opened(LiveClient.socket(nodeB.uri(), onB, cursor(b, onB)));
    String other = null;
    for (var session : a.get("/api/v1/users/me/sessions", onA).body().get("items")) {
      if (!session.get("current").asBoolean()) {
        other = session.get("id").asText();
      }
    }
    assertThat(other).isNotNull();
    assertThat(cursor(b, onB)).isNotNull(); // the socket's session works on B until now

    HttpResponse<String> ended = LiveClient.HTTP.send(HttpRequest.newBuilder(a.uri("/api/v1/users/me/sessions/" + other))
        .header("Authorization", "Bearer " + onA).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(ended.statusCode()).isEqualTo(204);

    assertThat(socket.ended.get(1500, TimeUnit.MILLISECONDS)).isEqualTo(4001);
    assertThat(b.get("/api/v1/events", onB).status()).isEqualTo(401);
  }

  @Test
  void typingCrossesNodesAndARemovalOnOneNodeCutsLiveDeliveryOnAnother() throws Exception {
    Api a = new Api(node("a").uri());
    Node nodeB = node("b");
    People p = people(a);
    String bob = a.login("bob", PASSWORD);
    LiveClient sse = opened(LiveClient.sse(nodeB.uri(), bob, cursor(a, bob)));

    assertThat(a.post("/api/v1/conversations/" + p.conversation() + "/typing", p.alice(), "").status()).isEqualTo(204);
    assertThat(sse.awaitType("typing", WITHIN)).as("typing from node A on node B").isTrue();
    post(a, p, 1, 1, 1);
    assertThat(sse.awaitCount(1, WITHIN)).isTrue();
    HttpResponse<String> removed = LiveClient.HTTP.send(HttpRequest.newBuilder(
            a.uri("/api/v1/conversations/" + p.conversation() + "/members/" + p.bobId()))
        .header("Authorization", "Bearer " + p.alice()).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(removed.statusCode()).as(removed.body()).isEqualTo(204);
    post(a, p, 2, 3, 1);
    // a later event of Bob's own proves the feed went on past the posts he may no longer see
    String carol = a.post("/api/v1/auth/register", null, "{\"username\":\"carol\",\"password\":\"" + PASSWORD + "\"}")
        .body().get("id").asText();
    String carolToken = a.login("carol", PASSWORD);
    assertThat(a.post("/api/v1/conversations", carolToken, "{\"kind\":\"direct\",\"memberIds\":[\"" + p.bobId() + "\"]}")
        .status()).isEqualTo(201);
    assertThat(carol).isNotNull();
    assertThat(sse.awaitType("conversation.created", WITHIN)).isTrue();
    assertThat(sse.messages()).extracting(LiveClient.Got::seq).containsExactly(1L);
  }

  @Test
  void aUserConnectedToANodeThatDiesTurnsOfflineWithinThePresenceWindow() throws Exception {
    Api a = new Api(node("a").uri());
    Node.Child doomed = opened(Node.child(db, dir.resolve("doomed"), nodeSettings()));
    People p = people(a);
    String bob = a.login("bob", PASSWORD);
    LiveClient socket = opened(LiveClient.socket(doomed.uri(), bob, cursor(a, bob)));
    post(a, p, 1, 1, 1);
    assertThat(socket.awaitCount(1, WITHIN)).isTrue(); // connected to the doomed node

    // past the window since Bob's last request, only his connection there keeps him online
    Thread.sleep(PRESENCE_WINDOW.plusSeconds(1).toMillis()); // time itself is what is awaited
    assertThat(presence(a, p)).isEqualTo("online");

    doomed.kill();
    long killed = System.nanoTime();
    while (presence(a, p).equals("online")) {
      assertThat(Duration.ofNanos(System.nanoTime() - killed)).as("offline within the window").isLessThan(PRESENCE_WINDOW);
      Thread.sleep(100); // presence is computed when asked: nothing to wait on but the clock
    }
  }

  private static String presence(Api on, People p) {
    return on.get("/api/v1/users/" + p.bobId(), p.alice()).body().get("presence").get("status").asText();
  }

  @Test
  void aNodeStoppingGracefullyClosesItsSocketsWithGoingAwayAndTheyResumeOnAnotherNode() throws Exception {
    Api a = new Api(node("a").uri());
    Node stopping = Node.inProcess(db, dir.resolve("stopping"), nodeSettings());
    People p = people(a);
    String bob = a.login("bob", PASSWORD);
    LiveClient socket = opened(LiveClient.socket(stopping.uri(), bob, cursor(a, bob)));
    post(a, p, 1, 10, 2);
    assertThat(socket.awaitCount(10, WITHIN)).isTrue();

    stopping.close();
    assertThat(socket.ended.get(10, TimeUnit.SECONDS)).as("close code").isEqualTo(1001);
    post(a, p, 11, 10, 2);
    LiveClient resumed = opened(LiveClient.socket(a.uri("/"), bob, socket.cursor));

    assertThat(resumed.awaitCount(10, WITHIN)).isTrue();
    List<LiveClient.Got> all = new ArrayList<>(socket.messages());
    all.addAll(resumed.messages());
    assertThat(all).extracting(LiveClient.Got::seq).containsExactlyElementsOf(LongStream.rangeClosed(1, 20).boxed().toList());
  }

  @Test
  void aKeyRotatedWhileTheNodesRunSignsOnEveryNodeAndTokensOfTheOldKeyKeepWorking() throws Exception {
    Api onA = new Api(node("a").uri());
    Api onB = new Api(node("b").uri());
    people(onA);
    String before = onA.login("alice", PASSWORD);

    // added seven minutes ago by the rotating clock: past its activation, so the test need not wait for it
    String said = Server.rotateKey(Node.config(db, dir.resolve("operator"), nodeSettings()),
        Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-7)));
    assertThat(said).startsWith("Added signing key");

    String after = null;
    long deadline = System.nanoTime() + WITHIN.toNanos();
    while (System.nanoTime() < deadline && (after == null || keyId(after).equals(keyId(before)))) {
      Thread.sleep(100); // each node reads the keys again every few seconds: nothing to await but that
      after = onB.login("alice", PASSWORD);
    }
    assertThat(keyId(after)).as("node B signs with the rotated key").isNotEqualTo(keyId(before));
    for (Api on : List.of(onA, onB)) {
      assertThat(on.get("/api/v1/users/me", before).status()).isEqualTo(200);
      assertThat(on.get("/api/v1/users/me", after).status()).isEqualTo(200);
      assertThat(on.get("/.well-known/jwks.json", null).text()).contains(keyId(before), keyId(after));
    }
  }

  @Test
  void failedLoginsOnEveryNodeCountAgainstOneLimitPerAddress() {
    Map<Setting, String> strict = new java.util.HashMap<>(nodeSettings());
    strict.put(Setting.LOGIN_FAILURES_PER_ADDRESS, "4");
    Api onA = new Api(opened(Node.inProcess(db, dir.resolve("a"), strict)).uri());
    Api onB = new Api(opened(Node.inProcess(db, dir.resolve("b"), strict)).uri());
    people(onA);

    for (Api on : List.of(onA, onB, onA, onB)) {
      assertThat(on.tryLogin("alice", "wrong password").status()).isEqualTo(400);
    }
    assertThat(onA.tryLogin("alice", "wrong password").status()).isEqualTo(429);
    assertThat(onB.tryLogin("alice", PASSWORD).status()).as("the address is refused on every node").isEqualTo(429);
  }

  @Test
  void postsOfOneUserOnEveryNodeCountAgainstOneLimit() {
    Map<Setting, String> strict = new java.util.HashMap<>(nodeSettings());
    strict.put(Setting.POST_RATE_PER_USER, "4/1h");
    Api onA = new Api(opened(Node.inProcess(db, dir.resolve("a"), strict)).uri());
    Api onB = new Api(opened(Node.inProcess(db, dir.resolve("b"), strict)).uri());
    People p = people(onA);
    String posts = "/api/v1/conversations/" + p.conversation() + "/messages";

    for (Api on : List.of(onA, onB, onA, onB)) {
      assertThat(on.post(posts, p.alice(), "{\"body\":\"hello\"}").status()).isEqualTo(201);
    }
    for (Api on : List.of(onA, onB)) {
      Api.Reply refused = on.post(posts, p.alice(), "{\"body\":\"one too many\"}");
      assertThat(refused.status()).as("the user is refused on every node").isEqualTo(429);
      assertThat(refused.body().get("type").asText()).isEqualTo("urn:chatflow:problem:rate-limited");
    }
  }

  @Test
  void streamsOfOneUserOnAnotherNodeCountAgainstTheirLimitOnceItsHeartbeatWroteThem() throws Exception {
    Map<Setting, String> two = new java.util.HashMap<>(nodeSettings());
    two.put(Setting.STREAMS_PER_USER, "2");
    Node nodeA = opened(Node.inProcess(db, dir.resolve("a"), two));
    Node nodeB = opened(Node.inProcess(db, dir.resolve("b"), two));
    Api a = new Api(nodeA.uri());
    People p = people(a);
    String bob = a.login("bob", PASSWORD);
    String from = cursor(a, bob);
    opened(LiveClient.sse(nodeA.uri(), bob, from));
    opened(LiveClient.socket(nodeA.uri(), bob, from));

    String written = "SELECT coalesce(sum(streams), 0) FROM presence WHERE user_id = '" + p.bobId() + "'";
    long deadline = System.nanoTime() + WITHIN.toNanos();
    while (db.number(written) < 2) {
      assertThat(System.nanoTime()).as("node A's heartbeat writes Bob's two streams").isLessThan(deadline);
      Thread.sleep(50); // the rows are the database's: nothing to be notified by
    }

    HttpResponse<java.io.InputStream> third = LiveClient.HTTP.send(
        HttpRequest.newBuilder(nodeB.uri().resolve("/api/v1/events/stream?after=" + from))
            .header("Authorization", "Bearer " + bob).header("Accept", "text/event-stream").build(),
        HttpResponse.BodyHandlers.ofInputStream());
    third.body().close();
    assertThat(third.statusCode()).as("a third stream, on node B").isEqualTo(429);
    LiveClient socket = opened(LiveClient.socket(nodeB.uri(), bob, from));
    assertThat(socket.ended.get(10, TimeUnit.SECONDS)).as("a third socket's close code").isEqualTo(1008);
  }

  private static String keyId(String token) throws java.text.ParseException {
    return com.nimbusds.jwt.SignedJWT.parse(token).getHeader().getKeyID();
  }
}
