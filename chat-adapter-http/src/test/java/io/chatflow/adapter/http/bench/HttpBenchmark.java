package io.chatflow.adapter.http.bench;

import io.chatflow.adapter.http.HttpServer;
import io.chatflow.adapter.http.HttpSettings;
import io.chatflow.adapter.http.TokenKeys;
import io.chatflow.adapter.http.WriteLimits;
import io.chatflow.adapter.memory.InProcessFanout;
import io.chatflow.adapter.memory.InProcessSessionFanout;
import io.chatflow.adapter.memory.MemoryCounters;
import io.chatflow.adapter.memory.MemoryPresence;
import io.chatflow.adapter.memory.MemoryStores;
import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.conversation.Kind;
import io.chatflow.domain.user.User;
import io.chatflow.kit.RandomIds;
import io.chatflow.kit.TestHasher;
import io.chatflow.ports.in.NewConversation;
import io.chatflow.ports.in.UseCases;
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
 * (options: {@code -Dbench.rounds=5 -Dbench.seconds=2 -Dbench.warmup=1 -Dbench.connections=64
 * -Dbench.scenarios=token,me,post,page}).
 */
public final class HttpBenchmark {
  private static final String PASSWORD = "bench password";

  public static void main(String[] args) throws Exception {
    double seconds = Double.parseDouble(System.getProperty("bench.seconds", "2"));
    double warmup = Double.parseDouble(System.getProperty("bench.warmup", "1"));
    int rounds = Integer.parseInt(System.getProperty("bench.rounds", "5"));
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
    try (Core assembled = new Core(new OutPorts(stores.users(), stores.sessions(), stores.conversations(), stores.messages(),
            stores.events(), stores.search(), stores.transactions(), new MemoryPresence(), new MemoryCounters(), new InProcessFanout(), new InProcessSessionFanout(),
        new TestHasher(),
            new RandomIds(), clock), CoreSettings.defaults());
        HttpServer server = new HttpServer(
            assembled.useCases(),
            HttpSettings.defaults().withPort(0).withWriteLimits(WriteLimits.off()), TokenKeys.generate(), () -> true, clock).start()) {
      UseCases core = assembled.useCases();

      User alice = core.accounts().register("alice", PASSWORD, null);
      User bob = core.accounts().register("bob", PASSWORD, null);
      String token = server.issueAccessToken(core.sessions().login("alice", PASSWORD));
      ConversationId reading = core.conversations().create(alice.id(), new NewConversation(Kind.GROUP, "Read", List.of(bob.id())))
          .conversation().summary().conversation().id();
      for (int i = 0; i < 200; i++) {
        core.messaging().post(bob.id(), reading, "message number " + i, null);
      }
      ConversationId posting = core.conversations().create(alice.id(), new NewConversation(Kind.GROUP, "Post", List.of(bob.id())))
          .conversation().summary().conversation().id();

      Map<String, String> bearer = Map.of("Authorization", "Bearer " + token);
      Map<String, String> json = Map.of("Authorization", "Bearer " + token, "Content-Type", "application/json");
      Map<String, String> form = Map.of("Content-Type", "application/x-www-form-urlencoded");

      LoadDriver toCeiling = new LoadDriver(new InetSocketAddress("127.0.0.1", ceilingPort), connections);
      LoadDriver toServer = new LoadDriver(new InetSocketAddress("127.0.0.1", server.port()), connections);
      byte[] fixed = LoadDriver.request("GET", "/", Map.of(), null);
      List<Scenario> scenarios = new ArrayList<>();
      scenarios.add(new Scenario("token", "POST /api/v1/auth/token (password grant)",
          LoadDriver.request("POST", "/api/v1/auth/token", form,
              "grant_type=password&username=alice&password=bench+password")));
      scenarios.add(new Scenario("me", "GET /api/v1/users/me",
          LoadDriver.request("GET", "/api/v1/users/me", bearer, null)));
      scenarios.add(new Scenario("post", "POST /api/v1/conversations/{id}/messages",
          LoadDriver.request("POST", "/api/v1/conversations/" + posting + "/messages", json,
              "{\"body\":\"hello from the benchmark\"}")));
      scenarios.add(new Scenario("page", "GET /api/v1/conversations/{id}/messages?limit=50",
          LoadDriver.request("GET", "/api/v1/conversations/" + reading + "/messages?limit=50", bearer, null)));

      // The machine is shared: alternate short rounds of ceiling and scenario and compare
      // each round with its own ceiling, so a noisy neighbour skews both sides alike.
      List<Row> rows = new ArrayList<>();
      List<LoadDriver.Result> ceilings = new ArrayList<>();
      for (Scenario scenario : scenarios) {
        if (!selected(scenario.key())) {
          continue;
        }
        List<LoadDriver.Result> runs = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
          LoadDriver.Result c = toCeiling.run("ceiling", fixed, warmup, seconds);
          LoadDriver.Result r = toServer.run(scenario.name(), scenario.request(), warmup, seconds);
          ceilings.add(c);
          runs.add(r);
          ratios.add(r.perSecond() / c.perSecond());
        }
        rows.add(new Row(scenario.name(), runs, median(ratios)));
      }
      rows.add(0, new Row("ceiling: fixed JSON on the I/O thread", ceilings, 1.0));
      print(rows, connections, seconds, rounds);
    } finally {
      ceiling.stop();
    }
  }

  private record Scenario(String key, String name, byte[] request) {}

  /** One line of the table: all rounds of a scenario, and its median ratio to the ceiling. */
  private record Row(String name, List<LoadDriver.Result> runs, double ratio) {
    double medianPerSecond() {
      return median(runs.stream().map(LoadDriver.Result::perSecond).toList());
    }

    LoadDriver.Result merged() {
      return LoadDriver.Result.merge(name, runs);
    }
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /** -Dbench.scenarios=me,post runs only those (token, me, post, page); all by default. */
  private static boolean selected(String scenario) {
    String only = System.getProperty("bench.scenarios", "");
    return only.isBlank() || List.of(only.split(",")).contains(scenario);
  }

  private static void print(List<Row> rows, int connections, double seconds, int rounds) {
    System.out.printf(Locale.ROOT, "%n%d connections, %d rounds of %.0f s per scenario, each beside a ceiling round; "
        + "%d cores, Java %s%n", connections, rounds, seconds, Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"));
    System.out.printf(Locale.ROOT, "| %-48s | %9s | %8s | %8s | %8s | %8s | %-14s |%n",
        "scenario", "req/s", "p50 ms", "p90 ms", "p99 ms", "ceiling", "statuses");
    System.out.println("|" + "-".repeat(50) + "|" + "-".repeat(11) + "|" + "-".repeat(10) + "|" + "-".repeat(10)
        + "|" + "-".repeat(10) + "|" + "-".repeat(10) + "|" + "-".repeat(16) + "|");
    for (Row row : rows) {
      LoadDriver.Result all = row.merged();
      System.out.printf(Locale.ROOT, "| %-48s | %9.0f | %8.2f | %8.2f | %8.2f | %7.0f%% | %-14s |%n",
          row.name(), row.medianPerSecond(), all.percentileMillis(50), all.percentileMillis(90),
          all.percentileMillis(99), 100 * row.ratio(), all.statuses());
    }
  }
}
