package io.chatflow.adapter.http.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatflow.adapter.http.ApiTest;
import io.chatflow.adapter.http.HttpSettings;
import io.chatflow.adapter.http.LiveClients;
import io.chatflow.adapter.http.LiveSettings;
import io.chatflow.adapter.http.TestServer;
import io.chatflow.adapter.http.WriteLimits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Exactly-once, in-order delivery on every transport while several people post at once
 * and every subscriber is cut off and resumes mid-stream, checked against the message list.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LiveDeliveryTest {
  private static final int POSTERS = 3;
  private static final int POSTS_EACH = 80;
  private static final int TOTAL = POSTERS * POSTS_EACH;
  private static final Duration DEADLINE = Duration.ofSeconds(60);

  // 240 posts in a burst: the write limits are not what this measures
  private final TestServer api = new TestServer(HttpSettings.defaults().withPort(0).withWriteLimits(WriteLimits.off()),
      LiveSettings.defaults().withStreamLimits(200, 2000), u -> u);

  @AfterAll
  void stop() {
    api.close();
  }

  /** What one subscriber saw: the seq of each message.created, and the id of each durable event, in order. */
  record Seen(String transport, List<Long> seqs, List<Long> ids, int reconnects) {}

  @Test
  void everyTransportGetsEveryMessageOnceInOrderAcrossReconnects() throws Exception {
    var owner = api.person(ApiTest.unique("owner"));
    List<TestServer.Person> posters = IntStream.range(0, POSTERS).mapToObj(i -> api.person(ApiTest.unique("poster"))).toList();
    List<TestServer.Person> readers = IntStream.range(0, 6).mapToObj(i -> api.person(ApiTest.unique("reader"))).toList();
    List<String> members = new ArrayList<>();
    posters.forEach(p -> members.add(p.id()));
    readers.forEach(p -> members.add(p.id()));
    String id = api.post("/api/v1/conversations", owner.token(),
        Map.of("kind", "group", "title", "Load", "memberIds", members)).text("id");

    ExecutorService pool = Executors.newCachedThreadPool();
    try {
      List<Future<Seen>> subscribers = new ArrayList<>();
      for (int i = 0; i < readers.size(); i++) {
        TestServer.Person reader = readers.get(i);
        String start = api.get("/api/v1/events", reader.token()).text("cursor");
        Callable<Seen> task = switch (i % 3) {
          case 0 -> () -> viaSse(reader, id, start);
          case 1 -> () -> viaSocket(reader, id, start);
          default -> () -> viaLongPoll(reader, id, start);
        };
        subscribers.add(pool.submit(task));
      }
      List<Future<?>> posting = new ArrayList<>();
      for (TestServer.Person poster : posters) {
        posting.add(pool.submit(() -> {
          for (int n = 0; n < POSTS_EACH; n++) {
            var res = api.post("/api/v1/conversations/" + id + "/messages", poster.token(), Map.of("body", "m" + n));
            assertThat(res.status()).isEqualTo(201);
          }
          return null;
        }));
      }
      for (Future<?> f : posting) {
        f.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
      }

      List<Long> expected = LongsFrom1To(TOTAL);
      JsonNode page = api.get("/api/v1/conversations/" + id + "/messages?limit=200&after=0", owner.token()).json();
      assertThat(page.get("items").get(0).get("seq").asLong()).isEqualTo(1);
      for (Future<Seen> f : subscribers) {
        Seen seen = f.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        assertThat(seen.seqs()).as(seen.transport() + " message seqs").containsExactlyElementsOf(expected);
        assertThat(seen.ids()).as(seen.transport() + " event ids").isSorted().doesNotHaveDuplicates();
        assertThat(seen.reconnects()).as(seen.transport() + " reconnects").isGreaterThan(2);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static List<Long> LongsFrom1To(int n) {
    return java.util.stream.LongStream.rangeClosed(1, n).boxed().toList();
  }

  /** Records one event; returns whether it was a message of the conversation. */
  private static boolean record(JsonNode event, String conversation, List<Long> seqs, List<Long> ids) {
    String type = event.get("type").asText();
    if (type.equals("typing") || type.equals("presence.changed")) {
      return false;
    }
    ids.add(Long.parseLong(event.get("id").asText()));
    if (type.equals("message.created") && conversation.equals(event.get("conversationId").asText())) {
      seqs.add(event.get("data").get("seq").asLong());
      return true;
    }
    return false;
  }

  private static int cutAfter() {
    return ThreadLocalRandom.current().nextInt(15, 60);
  }

  private Seen viaSse(TestServer.Person who, String conversation, String start) throws Exception {
    List<Long> seqs = new ArrayList<>();
    List<Long> ids = new ArrayList<>();
    String last = start;
    int reconnects = -1;
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (seqs.size() < TOTAL && System.nanoTime() < deadline) {
      reconnects++;
      try (var sse = LiveClients.Sse.open(api.client, api.server.uri(), who.token(), "", Map.of("Last-Event-ID", last))) {
        assertThat(sse.status()).isEqualTo(200);
        int budget = cutAfter();
        while (budget-- > 0 && seqs.size() < TOTAL) {
          LiveClients.Frame f = sse.next(Duration.ofSeconds(10));
          if (f == null) {
            break;
          }
          JsonNode event = f.json();
          assertThat(f.id()).isEqualTo(event.get("id").asText());
          record(event, conversation, seqs, ids);
          last = f.id();
        }
      }
    }
    return new Seen("sse", seqs, ids, reconnects);
  }

  private Seen viaSocket(TestServer.Person who, String conversation, String start) throws Exception {
    List<Long> seqs = new ArrayList<>();
    List<Long> ids = new ArrayList<>();
    String last = start;
    int reconnects = -1;
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (seqs.size() < TOTAL && System.nanoTime() < deadline) {
      reconnects++;
      try (var ws = LiveClients.Ws.open(api.client, api.ws("?access_token=" + who.token() + "&after=" + last))) {
        int budget = cutAfter();
        while (budget-- > 0 && seqs.size() < TOTAL) {
          JsonNode event = ws.next(Duration.ofSeconds(10));
          if (event == null) {
            break;
          }
          record(event, conversation, seqs, ids);
          last = event.get("id").asText();
        }
      }
    }
    return new Seen("websocket", seqs, ids, reconnects);
  }

  private Seen viaLongPoll(TestServer.Person who, String conversation, String start) {
    List<Long> seqs = new ArrayList<>();
    List<Long> ids = new ArrayList<>();
    String cursor = start;
    int polls = 0;
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (seqs.size() < TOTAL && System.nanoTime() < deadline) {
      int limit = ThreadLocalRandom.current().nextInt(5, 40);
      var res = api.get("/api/v1/events?wait=5&limit=" + limit + "&after=" + cursor, who.token());
      assertThat(res.status()).isEqualTo(200);
      res.json().get("events").forEach(e -> record(e, conversation, seqs, ids));
      cursor = res.text("cursor");
      polls++;
    }
    return new Seen("longpoll", seqs, ids, polls);
  }
}
