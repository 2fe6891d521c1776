package io.chatflow.adapter.http.bench;

import io.chatflow.adapter.http.HttpServer;
import io.chatflow.adapter.http.ConnectionLimits;
import io.chatflow.adapter.http.HttpSettings;
import io.chatflow.adapter.http.LiveSettings;
import io.chatflow.adapter.http.TokenKeys;
import io.chatflow.adapter.http.WriteLimits;
import io.chatflow.adapter.memory.InProcessFanout;
import io.chatflow.adapter.memory.InProcessSessionFanout;
import io.chatflow.adapter.memory.MemoryCounters;
import io.chatflow.adapter.memory.MemoryPresence;
import io.chatflow.adapter.memory.MemoryStores;
import io.chatflow.adapter.sqlite.SqliteSettings;
import io.chatflow.adapter.sqlite.SqliteStores;
import io.chatflow.domain.user.User;
import io.chatflow.domain.user.UserId;
import io.chatflow.kit.RandomIds;
import io.chatflow.kit.TestHasher;
import io.chatflow.ports.in.NewConversation;
import io.chatflow.ports.in.UseCases;
import io.chatflow.service.Core;
import io.chatflow.service.CoreSettings;
import io.chatflow.service.OutPorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The server side of the live benchmark, meant to run in its own JVM pinned to one core:
 * the memory store (or SQLite with {@code -Dbench.store=sqlite}), {@code bench.members} users in one group, and a setup file (pid,
 * port, conversation id, warm-up conversation id, one access token per member) for {@link LiveBenchDriver}.
 */
public final class LiveBenchServer {
  public static void main(String[] args) throws Exception {
    int members = Integer.getInteger("bench.members", 100);
    Path setup = Path.of(System.getProperty("bench.setup", "target/live-bench-setup.txt"));
    Clock clock = Clock.systemUTC();
    OutPorts ports;
    if (System.getProperty("bench.store", "memory").equals("sqlite")) {
      Path file = Path.of(System.getProperty("bench.db", "target/live-bench.db"));
      Files.deleteIfExists(file);
      Files.deleteIfExists(Path.of(file + "-wal"));
      Files.deleteIfExists(Path.of(file + "-shm"));
      SqliteStores stores = SqliteStores.open(SqliteSettings.of(file));
      ports = new OutPorts(stores.users(), stores.sessions(), stores.conversations(), stores.messages(),
          stores.events(), stores.search(), stores.transactions(), new MemoryPresence(), new MemoryCounters(), new InProcessFanout(), new InProcessSessionFanout(),
        new TestHasher(),
          new RandomIds(), clock);
    } else {
      MemoryStores stores = new MemoryStores();
      ports = new OutPorts(stores.users(), stores.sessions(), stores.conversations(), stores.messages(),
          stores.events(), stores.search(), stores.transactions(), new MemoryPresence(), new MemoryCounters(), new InProcessFanout(), new InProcessSessionFanout(),
        new TestHasher(),
          new RandomIds(), clock);
    }
    CoreSettings defaults = CoreSettings.defaults();
    Core assembled = new Core(ports,
        defaults.withDeliveryBacklog(Integer.getInteger("bench.backlog", defaults.deliveryBacklog())));
    UseCases core = assembled.useCases();
    HttpServer server = new HttpServer(
        core,
        HttpSettings.defaults().withPort(0).withWriteLimits(WriteLimits.off())
            .withWorkerThreads(Integer.getInteger("bench.workers", HttpSettings.defaults().workerThreads()))
            // every bench client comes from 127.0.0.1; the idle mode holds 15,000 sockets
            .withConnections(ConnectionLimits.defaults().withCounts(1_000_000, 1_000_000)),
        LiveSettings.defaults().withStreamLimits(100_000, 100_000)
            .withTimeouts(Duration.ofMinutes(30), Duration.ofSeconds(10)),
        TokenKeys.generate(), () -> true, clock).start();

    List<User> users = new ArrayList<>();
    for (int i = 0; i < members; i++) {
      users.add(core.accounts().register("member" + i, "password", null));
    }
    List<UserId> others = users.subList(1, users.size()).stream().map(User::id).toList();
    String conversation = core.conversations().create(users.get(0).id(), NewConversation.group("Bench", others))
        .conversation().summary().conversation().id().value();
    // the driver warms the post path up here, where a post costs a few deliveries, not M
    List<UserId> warmers = users.subList(1, Math.min(8, users.size())).stream().map(User::id).toList();
    String warmUp = core.conversations().create(users.get(0).id(), NewConversation.group("Warm-up", warmers))
        .conversation().summary().conversation().id().value();
    List<String> lines = new ArrayList<>();
    lines.add(Long.toString(ProcessHandle.current().pid()));
    lines.add(Integer.toString(server.port()));
    lines.add(conversation);
    lines.add(warmUp);
    for (User u : users) {
      lines.add(server.issueAccessToken(core.sessions().login(u.username().value(), "password")));
    }
    Path tmp = setup.resolveSibling(setup.getFileName() + ".tmp");
    Files.write(tmp, lines);
    Files.move(tmp, setup, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    System.out.println("live bench server ready on port " + server.port() + " with " + members + " members");
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      assembled.close();
      stop.countDown();
    }));
    stop.await();
  }
}
