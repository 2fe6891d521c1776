package io.chatflow.adapter.http.messages;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatflow.adapter.http.HttpSettings;
import io.chatflow.adapter.http.LiveSettings;
import io.chatflow.adapter.http.TestServer;
import io.chatflow.ports.in.Events;
import io.chatflow.service.CoreSettings;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A post that waits for the live fan-out to catch up holds no worker thread while it waits. */
class PacedPostTest {
  @Test
  void aPostWaitingForTheFanOutLeavesTheOnlyWorkerToOtherRequests() throws Exception {
    // one worker, and posts wait while more than one delivery is outstanding
    try (TestServer server = new TestServer(HttpSettings.defaults().withPort(0).withWorkerThreads(1),
        LiveSettings.defaults(), CoreSettings.defaults().withDeliveryThreads(2).withDeliveryBacklog(1), u -> u)) {
      var ann = server.person("ann");
      var ben = server.person("ben");
      String room = server.post("/api/v1/conversations", ann.token(),
          Map.of("kind", "group", "title", "Team", "memberIds", List.of(ben.id()))).text("id");
      // ben's two subscribers take each event and are not through with it until the test says so
      List<Runnable> unfinished = new CopyOnWriteArrayList<>();
      List<Events.Subscription> subscriptions = List.of(subscribe(server, ben, unfinished), subscribe(server, ben, unfinished));

      CompletableFuture<TestServer.Res> post = CompletableFuture.supplyAsync(
          () -> server.post("/api/v1/conversations/" + room + "/messages", ann.token(), Map.of("body", "hi")));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (unfinished.size() < 2 && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertThat(unfinished).as("the post is durable and on its way to ben").hasSize(2);

      assertThat(server.get("/api/v1/users/me", ann.token()).status()).isEqualTo(200);
      assertThat(post).as("the post still waits for the fan-out (at most a second)").isNotDone();

      unfinished.forEach(Runnable::run);
      assertThat(post.get(10, TimeUnit.SECONDS).status()).isEqualTo(201);
      subscriptions.forEach(Events.Subscription::close);
    }
  }

  private static Events.Subscription subscribe(TestServer server, TestServer.Person who, List<Runnable> unfinished) {
    var events = server.core.events();
    return events.subscribeAsync(who.user().id(), events.head(who.user().id()), (event, done) -> unfinished.add(done));
  }
}
