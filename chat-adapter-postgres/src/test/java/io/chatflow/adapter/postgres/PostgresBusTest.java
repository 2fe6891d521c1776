package io.chatflow.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatflow.domain.conversation.Conversation;
import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.event.Event;
import io.chatflow.domain.event.EventType;
import io.chatflow.domain.user.UserId;
import io.chatflow.ports.out.ClusterBus;
import io.chatflow.ports.out.Delivery;
import io.chatflow.ports.out.SessionsEnded;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two processes' buses on one schema: what one sends the other hears, and what a lost notice costs. */
@NeedsPostgres
class PostgresBusTest {
  private static final UserId BOB = new UserId("u-bob");
  private PostgresSettings settings;
  private PostgresStores store;
  private PostgresBus one;
  private PostgresBus two;
  private final BlockingQueue<Object> heardByTwo = new LinkedBlockingQueue<>();
  private final BlockingQueue<Object> heardByOne = new LinkedBlockingQueue<>();

  @BeforeEach
  void open() {
    settings = TestDatabase.freshSchema();
    store = PostgresStores.open(settings); // migrates; its own bus stays unstarted
    one = new PostgresBus(settings);
    two = new PostgresBus(settings);
    one.start(recorder(heardByOne));
    two.start(recorder(heardByTwo));
    assertThat(take(heardByOne)).isEqualTo("resync"); // each resyncs once it listens
    assertThat(take(heardByTwo)).isEqualTo("resync");
  }

  @AfterEach
  void close() {
    one.close();
    two.close();
    store.close();
    TestDatabase.drop(settings.schema());
  }

  @Test
  void aWakeUpAndASessionEndReachTheOtherProcessAndNotTheSender() {
    one.feedsAdvanced(Set.of(BOB), 7);
    one.sessionsEnded(SessionsEnded.allBut(BOB, null));

    // merged into one round trip, in no particular order: each is a notice of its own
    assertThat(List.of(take(heardByTwo), take(heardByTwo)))
        .containsExactlyInAnyOrder(List.of(Set.of(BOB), 7L), SessionsEnded.allBut(BOB, null));
    assertThat(heardByOne).isEmpty();
    assertThat(two.reachable()).isTrue();
  }

  @Test
  void aCutListeningConnectionIsOpenedAgainAndTheProcessResyncs() throws Exception {
    try (Connection admin = TestDatabase.connect(); Statement s = admin.createStatement()) {
      // the tests here run one at a time: these are this test's two listening connections
      s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'chatflow-bus'"
          + " AND datname = current_database()");
    }
    assertThat(take(heardByOne)).as("a resync after the reconnect").isEqualTo("resync");
    assertThat(take(heardByTwo)).as("a resync after the reconnect").isEqualTo("resync");
    assertThat(one.reachable()).isTrue();

    one.feedsAdvanced(Set.of(BOB), 9); // both listen again
    two.feedsAdvanced(Set.of(BOB), 10);
    assertThat(take(heardByTwo)).isEqualTo(List.of(Set.of(BOB), 9L));
    assertThat(take(heardByOne)).isEqualTo(List.of(Set.of(BOB), 10L));
  }

  @Test
  void aCommitWhoseNoticeNeverCameMakesTheOthersResyncWithinSeconds() {
    Conversation group = Conversation.group(new ConversationId("c-1"), "Team", Instant.parse("2026-01-01T00:00:00Z"));
    store.transactions().write(() -> {
      store.conversations().save(group);
      store.events().append(Event.ofConversation(EventType.CONVERSATION_UPDATED, group.id(), null, group.createdAt()));
      return null;
    }); // as if its process died before sending the wake-up: nobody hears of position 1

    assertThat(take(heardByTwo)).as("the head check finds the log ahead").isEqualTo("resync");
  }

  @Test
  void aBusThatCannotListenIsNotReachableAndSaysSoOnceClosed() {
    PostgresSettings nowhere = PostgresSettings.of("jdbc:postgresql://127.0.0.1:1/chatflow", "chatflow", "")
        .withConnectTimeout(java.time.Duration.ofMillis(300));
    PostgresBus cut = new PostgresBus(nowhere);
    assertThat(cut.reachable()).as("not started: nothing to carry").isTrue();
    try {
      cut.start(recorder(new LinkedBlockingQueue<>())); // returns after the connect timeout
      assertThat(cut.reachable()).isFalse();
    } finally {
      cut.close();
    }
    assertThat(one.reachable()).isTrue();
    one.close();
    assertThat(one.reachable()).isFalse();
  }

  private static Object take(BlockingQueue<Object> heard) {
    try {
      Object next = heard.poll(15, TimeUnit.SECONDS);
      assertThat(next).as("a notice within 15 s").isNotNull();
      return next;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** A receiver that adds what it hears to {@code heard}: wake-ups as [users, position]. */
  static ClusterBus.Receiver recorder(Collection<Object> heard) {
    return new ClusterBus.Receiver() {
      @Override
      public void feedsAdvanced(Set<UserId> users, long position) {
        heard.add(List.of(users, position));
      }

      @Override
      public void sessionsEnded(SessionsEnded ended) {
        heard.add(ended);
      }

      @Override
      public void ephemeral(Delivery delivery) {
        heard.add(delivery);
      }

      @Override
      public void resync() {
        heard.add("resync");
      }
    };
  }
}
