package io.chatflow.kit;

import static org.assertj.core.api.Assertions.assertThat;
import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.event.EventCursor;
import io.chatflow.ports.in.Events.Subscription;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The events kit for a fan-out that hands committed events to feeds whole, within one process
 * (memory, SQLite, PostgreSQL on one node). A cluster node's fan-out wakes feeds instead and each
 * reads the log, so nothing live comes on the subscriber's loop and posts wait only for what feeds
 * have read: it runs {@link EventsContract} alone.
 */
public abstract class LiveHandOffContract extends EventsContract {
  @Test
  void liveEventsComeOnTheSubscribersEventLoopAndWhatReadsTheStoreDoesNot() throws Exception {
    ConversationId team = group(alice, bob);
    post(alice, team, "stored");
    AtomicReference<Thread> loopThread = new AtomicReference<>();
    ExecutorService loop = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "event-loop");
      loopThread.set(t);
      return t;
    });
    BlockingQueue<String> received = new LinkedBlockingQueue<>();
    try (Subscription ignored = core.events().subscribeAsync(bob.id(), EventCursor.START, (e, done) -> {
      received.add(e.type().wireName() + (Thread.currentThread() == loopThread.get() ? " on the loop" : " off it"));
      done.run();
    }, loop)) {
      // the replay reads the store: not on the loop
      assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("conversation.created off it");
      assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("message.created off it");

      // until the catch-up has read the log once more and found nothing new, it may take a new
      // message from the store itself; from then on every live one comes on the loop
      String live;
      int posts = 0;
      do {
        post(alice, team, "live");
        live = received.poll(10, TimeUnit.SECONDS);
        assertThat(live).isIn("message.created on the loop", "message.created off it");
      } while (!live.endsWith("on the loop") && ++posts < 100);
      assertThat(live).isEqualTo("message.created on the loop");
      core.messaging().typing(alice.id(), team);
      assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("typing on the loop");
      // each member sees a conversation with their own unread count: read for bob, off the loop
      core.conversations().rename(alice.id(), team, "Renamed");
      assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("conversation.updated off it");
      post(alice, team, "live again");
      assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("message.created on the loop");
      assertThat(received.poll(50, TimeUnit.MILLISECONDS)).isNull();
    } finally {
      loop.shutdown();
    }
  }

  @Test
  void postsWaitWhileLiveDeliveryIsBehindAndGoOnAsSubscribersCatchUp() throws Exception {
    ConversationId team = group(alice, bob, carol);
    BlockingQueue<Runnable> bobHolds = new LinkedBlockingQueue<>();
    BlockingQueue<Runnable> carolHolds = new LinkedBlockingQueue<>();
    ExecutorService poster = Executors.newSingleThreadExecutor();
    try (Subscription b = core.events().subscribeAsync(bob.id(), core.events().head(bob.id()), (e, done) -> bobHolds.add(done));
        Subscription c = core.events().subscribeAsync(carol.id(), core.events().head(carol.id()), (e, done) -> carolHolds.add(done))) {
      post(alice, team, "one");
      post(alice, team, "two"); // four deliveries outstanding: at the limit, not over it
      Future<?> third = poster.submit(() -> post(alice, team, "three"));
      awaitTrue(() -> bobHolds.size() == 3 && carolHolds.size() == 3);
      assertThat(third.isDone()).as("the third post waits while six deliveries are outstanding").isFalse();

      bobHolds.take().run();
      assertThat(third.isDone()).as("five are still over the limit").isFalse();
      bobHolds.take().run();
      third.get(10, TimeUnit.SECONDS);

      // a closed subscription stops counting, whatever it still held
      c.close();
      for (int i = 0; i < 2; i++) {
        poster.submit(() -> post(alice, team, "after carol left")).get(500, TimeUnit.MILLISECONDS);
      }
      awaitTrue(() -> bobHolds.size() == 3); // one left held, and both posts since
    } finally {
      poster.shutdownNow();
    }
  }
}
