package io.chatflow.adapter.http.bench;

import io.chatflow.adapter.http.HttpServer;
import io.chatflow.adapter.http.HttpSettings;
import io.chatflow.adapter.http.TokenKeys;
import io.chatflow.adapter.memory.InProcessFanout;
import io.chatflow.adapter.memory.InProcessSessionFanout;
import io.chatflow.adapter.memory.MemoryCounters;
import io.chatflow.adapter.memory.MemoryPresence;
import io.chatflow.adapter.memory.MemoryStores;
import io.chatflow.domain.conversation.Kind;
import io.chatflow.domain.user.User;
import io.chatflow.kit.RandomIds;
import io.chatflow.kit.TestHasher;
import io.chatflow.ports.in.NewConversation;
import io.chatflow.ports.in.UseCases;
import io.chatflow.service.Core;
import io.chatflow.service.CoreSettings;
import io.chatflow.service.OutPorts;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The HTTP server on the memory store with alice and bob (password "password") and one
 * conversation, for trying /docs by hand until chat-app can do it:
 * {@code mvn -q -pl chat-adapter-http -am verify -Pbench -DskipTests -Dbench.main=io.chatflow.adapter.http.bench.DemoServer}
 * ({@code -Ddemo.port=8080}).
 */
public final class DemoServer {
  public static void main(String[] args) throws Exception {
    int port = Integer.getInteger("demo.port", 8080);
    MemoryStores stores = new MemoryStores();
    Clock clock = Clock.systemUTC();
    Core assembled = new Core(new OutPorts(stores.users(), stores.sessions(), stores.conversations(), stores.messages(),
        stores.events(), stores.search(), stores.transactions(), new MemoryPresence(), new MemoryCounters(), new InProcessFanout(), new InProcessSessionFanout(),
        new TestHasher(),
        new RandomIds(), clock), CoreSettings.defaults());
    UseCases core = assembled.useCases();
    User alice = core.accounts().register("alice", "password", "Alice");
    User bob = core.accounts().register("bob", "password", "Bob");
    var team = core.conversations().create(alice.id(), new NewConversation(Kind.GROUP, "Team", List.of(bob.id()))).conversation();
    core.messaging().post(bob.id(), team.summary().conversation().id(), "Hello Alice!", null);
    HttpServer server = new HttpServer(
        core,
        HttpSettings.defaults().withPort(port), TokenKeys.generate(), () -> true, clock).start();
    System.out.println("ChatFlow demo on " + server.uri() + "/docs (alice / password, bob / password)");
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      assembled.close();
      stop.countDown();
    }));
    stop.await();
  }
}
