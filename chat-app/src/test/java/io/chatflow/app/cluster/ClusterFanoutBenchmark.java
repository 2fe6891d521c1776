package io.chatflow.app.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chatflow.app.Api;
import io.chatflow.app.config.Setting;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The fan-out benchmark across two nodes (not a test): M members of one group hold WebSockets,
 * P posters post as fast as they are acknowledged (or, given a rate, at that many posts a second
 * in all: latency below saturation); deliveries per second and the latency from a post's sending
 * to each receipt, with the sockets on the posting node (one node) and on the other node
 * (cross-node), each on a fresh database. Nodes, posters and sockets share this JVM.
 * {@code chat-adapter-postgres/run-tests.sh --cluster-benchmark [M P seconds [posts/s]]}.
 */
public final class ClusterFanoutBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private ClusterFanoutBenchmark() {}

  /** The M members register from one address: more than a person may in an hour. */
  private static final Map<Setting, String> SETUP = Map.of(Setting.REGISTER_RATE_PER_ADDRESS, "off");

  public static void main(String[] args) throws Exception {
    int members = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int posters = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    int rate = args.length > 3 ? Integer.parseInt(args[3]) : 0;
    System.out.printf("fan-out, M=%d members on WebSocket, P=%d posters%s, %d s measured after 5 s warm-up%n",
        members, posters, rate > 0 ? " at " + rate + " posts/s in all" : " as fast as they can", seconds);
    System.out.println("| where the sockets are | posts/s | deliveries/s | p50 ms | p99 ms | max ms |");
    System.out.println("|---|---|---|---|---|---|");
    for (boolean crossNode : new boolean[] {false, true}) {
      System.out.println(run(members, posters, seconds, rate, crossNode));
    }
    System.exit(0);
  }

  private static String run(int members, int posters, int seconds, int rate, boolean crossNode) throws Exception {
    Path dir = Files.createTempDirectory("cluster-bench");
    try (ClusterDatabase db = ClusterDatabase.create();
        Node a = Node.inProcess(db, dir.resolve("a"), SETUP);
        Node b = Node.inProcess(db, dir.resolve("b"), SETUP)) {
      Api onA = new Api(a.uri());
      List<String> ids = new ArrayList<>();
      List<String> tokens = new ArrayList<>();
      for (int i = 0; i < members; i++) {
        String name = "member" + i;
        ids.add(onA.post("/api/v1/auth/register", null, "{\"username\":\"" + name + "\",\"password\":\"long enough pw\"}")
            .body().get("id").asText());
        tokens.add(onA.login(name, "long enough pw"));
      }
      String memberIds = String.join("\",\"", ids.subList(1, ids.size()));
      String conversation = onA.post("/api/v1/conversations", tokens.get(0),
          "{\"kind\":\"group\",\"title\":\"bench\",\"memberIds\":[\"" + memberIds + "\"]}").body().get("id").asText();

      Receipts receipts = new Receipts();
      URI sockets = crossNode ? b.uri() : a.uri();
      List<WebSocket> open = new ArrayList<>();
      for (String token : tokens) {
        open.add(HTTP.newWebSocketBuilder()
            .buildAsync(URI.create(sockets.toString().replaceFirst("^http", "ws") + "api/v1/ws?access_token=" + token),
                receipts).join());
      }
      AtomicBoolean posting = new AtomicBoolean(true);
      LongAdder posts = new LongAdder();
      List<Thread> threads = new ArrayList<>();
      for (int p = 0; p < posters; p++) {
        String token = tokens.get(p % tokens.size());
        long every = rate > 0 ? 1_000_000_000L * posters / rate : 0;
        Thread t = new Thread(() -> post(a.uri(), conversation, token, every, posting, posts), "poster-" + p);
        t.start();
        threads.add(t);
      }
      Thread.sleep(5_000); // warm-up: the measured window starts after it
      receipts.reset();
      long before = posts.sum();
      long start = System.nanoTime();
      Thread.sleep(seconds * 1000L);
      double elapsed = (System.nanoTime() - start) / 1e9;
      long[] latencies = receipts.latencies();
      long posted = posts.sum() - before;
      posting.set(false);
      for (Thread t : threads) {
        t.join();
      }
      open.forEach(WebSocket::abort);
      Arrays.sort(latencies);
      return String.format("| %s | %.0f | %.0f | %.1f | %.1f | %.1f |", crossNode ? "the other node" : "the posting node",
          posted / elapsed, latencies.length / elapsed, ms(latencies, 0.50), ms(latencies, 0.99), ms(latencies, 1.0));
    }
  }

  private static double ms(long[] sorted, double quantile) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    return sorted[(int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1)] / 1e6;
  }

  /** Posts one after another, or one every {@code everyNanos} when it is above zero (a paced load, below saturation). */
  private static void post(URI node, String conversation, String token, long everyNanos, AtomicBoolean posting,
      LongAdder posts) {
    URI uri = node.resolve("/api/v1/conversations/" + conversation + "/messages");
    long next = System.nanoTime();
    while (posting.get()) {
      if (everyNanos > 0) {
        next += everyNanos;
        LockSupport.parkNanos(next - System.nanoTime()); // pacing: the post is due then
      }
      HttpRequest request = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token)
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"body\":\"t" + System.nanoTime() + "\"}")).build();
      try {
        if (HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 201) {
          posts.increment();
        }
      } catch (IOException e) {
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Every socket's receipts: the latency of each message.created since its post was sent. */
  private static final class Receipts implements WebSocket.Listener {
    private volatile ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();

    void reset() {
      latencies = new ConcurrentLinkedQueue<>();
    }

    long[] latencies() {
      return latencies.stream().mapToLong(Long::longValue).toArray();
    }

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
      long now = System.nanoTime();
      try {
        JsonNode event = JSON.readTree(data.toString());
        String body = event.path("data").path("body").asText("");
        if ("message.created".equals(event.path("type").asText()) && body.startsWith("t")) {
          latencies.add(now - Long.parseLong(body.substring(1)));
        }
      } catch (IOException | NumberFormatException e) {
        // not one of ours
      }
      socket.request(1);
      return null;
    }
  }
}
