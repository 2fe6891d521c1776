package io.chatflow.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatflow.domain.conversation.Conversation;
import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.conversation.Member;
import io.chatflow.domain.conversation.Role;
import io.chatflow.domain.event.Event;
import io.chatflow.domain.event.EventCursor;
import io.chatflow.domain.event.EventType;
import io.chatflow.domain.user.Account;
import io.chatflow.domain.user.User;
import io.chatflow.domain.user.UserId;
import io.chatflow.domain.user.Username;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The event log under out-of-order commits, forced step by step with two writers on two nodes
 * (each its own store and connections, as two processes: the writes of one process share a group
 * commit) and a reader between their commits. A log numbered by a sequence
 * loses an event here: the write that began first takes the lower number, commits last, and
 * lands below a cursor the reader has already moved past it.
 */
@NeedsPostgres
class EventOrderTest {
  private static final long WAIT = 30;

  private PostgresSettings settings;
  private PostgresStores stores;
  private PostgresStores otherNode;
  private UserId alice;
  private Conversation group;
  private final List<Event> seen = new ArrayList<>();

  @BeforeEach
  void aMemberOfAGroup() {
    settings = TestDatabase.freshSchema();
    stores = PostgresStores.open(settings);
    otherNode = PostgresStores.open(settings);
    Instant now = Instant.parse("2026-12-01T10:00:00Z");
    User user = User.registered(new UserId(UUID.randomUUID().toString()), Username.of("alice"), "Alice", now);
    alice = user.id();
    group = Conversation.group(new ConversationId(UUID.randomUUID().toString()), "Team", now);
    stores.transactions().write(() -> {
      stores.users().save(new Account(user, "hash"));
      stores.conversations().save(group);
      stores.conversations().saveMember(new Member(group.id(), alice, Role.OWNER, now, 0, 0));
      return null;
    });
  }

  @AfterEach
  void drop() {
    otherNode.close();
    stores.close();
    TestDatabase.drop(settings.schema());
  }

  private Event draft() {
    return Event.ofConversation(EventType.CONVERSATION_UPDATED, group.id(), null, Instant.now());
  }

  /** What a feed does: reads after its cursor, keeps what it got, moves the cursor to the last one. */
  private List<Event> readOn() {
    EventCursor cursor = seen.isEmpty() ? EventCursor.START : seen.get(seen.size() - 1).cursor();
    List<Event> batch = stores.transactions().read(() -> stores.events().readFor(alice, cursor, 100));
    seen.addAll(batch);
    return batch;
  }

  @Test
  void aWriteThatBeganFirstButCommitsLastLandsAfterTheCursorOfAReaderThatReadBetween() throws Exception {
    CountDownLatch firstHasWritten = new CountDownLatch(1);
    CountDownLatch firstMayGoOn = new CountDownLatch(1);
    CompletableFuture<Event> first = CompletableFuture.supplyAsync(() -> stores.transactions().write(() -> {
      // a write of its own first: this transaction is older than the second's
      stores.conversations().save(group.retitled("Renamed", Instant.now()));
      firstHasWritten.countDown();
      await(firstMayGoOn);
      return stores.events().append(draft());
    }));
    await(firstHasWritten);

    Event second = otherNode.transactions().write(() -> otherNode.events().append(draft()));
    assertThat(readOn()).containsExactly(second);

    firstMayGoOn.countDown();
    Event late = first.get(WAIT, TimeUnit.SECONDS);
    assertThat(late.position()).isGreaterThan(second.position());
    assertThat(readOn()).containsExactly(late);
    assertThat(seen).containsExactly(second, late);
  }

  @Test
  void aPositionTakenButNotCommittedHoldsTheNextWriterBackAndTheReaderSeesNeitherUntilTheyCommit() throws Exception {
    CountDownLatch firstHoldsAPosition = new CountDownLatch(1);
    CountDownLatch firstMayCommit = new CountDownLatch(1);
    CompletableFuture<Event> first = CompletableFuture.supplyAsync(() -> stores.transactions().write(() -> {
      Event placed = stores.events().append(draft());
      firstHoldsAPosition.countDown();
      await(firstMayCommit);
      return placed;
    }));
    await(firstHoldsAPosition);
    CompletableFuture<Event> second =
        CompletableFuture.supplyAsync(() -> otherNode.transactions().write(() -> otherNode.events().append(draft())));
    awaitWriterWaitingForTheClock();

    assertThat(readOn()).isEmpty();
    assertThat(stores.transactions().read(() -> stores.events().head())).isEqualTo(EventCursor.START);

    firstMayCommit.countDown();
    Event one = first.get(WAIT, TimeUnit.SECONDS);
    Event two = second.get(WAIT, TimeUnit.SECONDS);
    assertThat(two.position()).isGreaterThan(one.position());
    assertThat(readOn()).containsExactly(one, two);
    assertThat(readOn()).isEmpty();
    assertThat(stores.transactions().read(() -> stores.events().head())).isEqualTo(two.cursor());
  }

  @Test
  void aRolledBackPositionIsTakenAgainAndNoReaderEverSawIt() throws Exception {
    CountDownLatch firstHoldsAPosition = new CountDownLatch(1);
    CountDownLatch firstMayFail = new CountDownLatch(1);
    CompletableFuture<Event> doomed = CompletableFuture.supplyAsync(() -> stores.transactions().write(() -> {
      stores.events().append(draft());
      firstHoldsAPosition.countDown();
      await(firstMayFail);
      throw new IllegalStateException("rolled back on purpose");
    }));
    await(firstHoldsAPosition);
    CompletableFuture<Event> second =
        CompletableFuture.supplyAsync(() -> otherNode.transactions().write(() -> otherNode.events().append(draft())));
    awaitWriterWaitingForTheClock();
    assertThat(readOn()).isEmpty();

    firstMayFail.countDown();
    assertThat(doomed).failsWithin(WAIT, TimeUnit.SECONDS);
    Event kept = second.get(WAIT, TimeUnit.SECONDS);
    assertThat(readOn()).containsExactly(kept);
    assertThat(kept.position()).isEqualTo(1);
  }

  private static void awaitWriterWaitingForTheClock() throws SQLException, InterruptedException {
    TestDatabase.awaitLockWait("event_clock");
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(WAIT, TimeUnit.SECONDS)) {
        throw new AssertionError("timed out");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
