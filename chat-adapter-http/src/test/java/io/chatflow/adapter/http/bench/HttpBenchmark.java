package io.chatflow.adapter.http.bench;

import io.chatflow.adapter.http.HttpServer;
import io.chatflow.adapter.http.HttpSettings;
import io.chatflow.adapter.http.TokenKeys;
import io.chatflow.adapter.http.UseCases;
import io.chatflow.adapter.memory.InProcessFanout;
import io.chatflow.adapter.memory.MemoryPresence;
import io.chatflow.adapter.memory.MemoryStores;
import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.user.User;
import io.chatflow.kit.RandomIds;
import io.chatflow.kit.TestHasher;
import io.chatflow.service.Core;
import io.chatflow.service.CoreSettings;
import io.chatflow.service.OutPorts;
import io.undertow.Undertow;
import io.undertow.util.Headers;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Drives the HTTP server on the memory store over loopback, next to a trivial
 * Undertow handler returning fixed JSON on the I/O thread (the ceiling), and prints
 * requests per second, latency percentiles and the ratio to the ceiling.
 *
 * <p>Run: {@code mvn -q -pl chat-adapter-http -am verify -Pbench -DskipTests}
 * (arguments: {@code -Dbench.seconds=10 -Dbench.warmup=3 -Dbench.connections=64}).
 */
public final class HttpBenchmark {
  private static final String PASSWORD = "bench password";

  public static void main(String[] args) throws Exception {
    double seconds = Double.parseDouble(System.getProperty("bench.seconds", "10"));
    double warmup = Double.parseDouble(System.getProperty("bench.warmup", "3"));
    int connections = Integer.parseInt(System.getProperty("bench.connections", "64"));

    Undertow ceiling = Undertow.builder()
        .addHttpListener(0, "127.0.0.1")
        .setHandler(exchange -> {
          exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json; charset=utf-8");
          exchange.getResponseSender().send(ByteBuffer.wrap(
              "{\"id\":\"u1\",\"username\":\"alice\",\"displayName\":\"alice\"}".getBytes(StandardCharsets.UTF_8)));
        })
        .build();
    ceiling.start();
    int ceilingPort = ((InetSocketAddress) ceiling.getListenerInfo().get(0).getAddress()).getPort();

    MemoryStores stores = new MemoryStores();
    Clock clock = Clock.systemUTC();
    try (Core core = new Core(new OutPorts(stores.users(), stores.sessions(), stores.conversations(), stores.messages(),
            stores.events(), stores.transactions(), new MemoryPresence(), new InProcessFanout(), new TestHasher(),
            new RandomIds(), clock), CoreSettings.defaults());
        HttpServer server = new HttpServer(
            new UseCases(core.accounts(), core.sessions(), core.conversations(), core.messaging(), core.presence(),
                core.events()),
            HttpSettings.defaults().withPort(0), TokenKeys.generate(), () -> true, clock).start()) {

      User alice = core.accounts().register("alice", PASSWORD, null);
      User bob = core.accounts().register("bob", PASSWORD, null);
      String token = server.issueAccessToken(core.sessions().login("alice", PASSWORD));
      ConversationId reading = core.conversations().create(alice.id(), "group", "Read", List.of(bob.id()))
          .conversation().summary().conversation().id();
      for (int i = 0; i < 200; i++) {
        core.messaging().post(bob.id(), reading, "message number " + i, null);
      }
      ConversationId posting = core.conversations().create(alice.id(), "group", "Post", List.of(bob.id()))
          .conversation().summary().conversation().id();

      Map<String, String> bearer = Map.of("Authorization", "Bearer " + token);
      Map<String, String> json = Map.of("Authorization", "Bearer " + token, "Content-Type", "application/json");
      Map<String, String> form = Map.of("Content-Type", "application/x-www-form-urlencoded");

      LoadDriver toCeiling = new LoadDriver(new InetSocketAddress("127.0.0.1", ceilingPort), connections);
      LoadDriver toServer = new LoadDriver(new InetSocketAddress("127.0.0.1", server.port()), connections);
      List<LoadDriver.Result> results = new ArrayList<>();
      results.add(toCeiling.run("ceiling: fixed JSON on the I/O thread",
          LoadDriver.request("GET", "/", Map.of(), null), warmup, seconds));
      results.add(toServer.run("POST /api/v1/auth/token (password grant)",
          LoadDriver.request("POST", "/api/v1/auth/token", form,
              "grant_type=password&username=alice&password=bench+password"), warmup, seconds));
      results.add(toServer.run("GET /api/v1/users/me",
          LoadDriver.request("GET", "/api/v1/users/me", bearer, null), warmup, seconds));
      results.add(toServer.run("POST /api/v1/conversations/{id}/messages",
          LoadDriver.request("POST", "/api/v1/conversations/" + posting + "/messages", json,
              "{\"body\":\"hello from the benchmark\"}"), warmup, seconds));
      results.add(toServer.run("GET /api/v1/conversations/{id}/messages?limit=50",
          LoadDriver.request("GET", "/api/v1/conversations/" + reading + "/messages?limit=50", bearer, null),
          warmup, seconds));
      print(results, connections, seconds);
    } finally {
      ceiling.stop();
    }
  }

  private static void print(List<LoadDriver.Result> results, int connections, double seconds) {
    double ceiling = results.get(0).perSecond();
    System.out.printf(Locale.ROOT, "%n%d connections, %.0f s each, %d cores, Java %s%n", connections, seconds,
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
    System.out.printf(Locale.ROOT, "| %-48s | %9s | %8s | %8s | %8s | %8s | %-12s |%n",
        "scenario", "req/s", "p50 ms", "p90 ms", "p99 ms", "ceiling", "statuses");
    System.out.println("|" + "-".repeat(50) + "|" + "-".repeat(11) + "|" + "-".repeat(10) + "|" + "-".repeat(10)
        + "|" + "-".repeat(10) + "|" + "-".repeat(10) + "|" + "-".repeat(14) + "|");
    for (LoadDriver.Result r : results) {
      System.out.printf(Locale.ROOT, "| %-48s | %9.0f | %8.2f | %8.2f | %8.2f | %7.0f%% | %-12s |%n",
          r.name(), r.perSecond(), r.percentileMillis(50), r.percentileMillis(90), r.percentileMillis(99),
          100 * r.perSecond() / ceiling, r.statuses());
    }
  }
}
