package io.chatflow.adapter.postgres;

import static io.chatflow.adapter.postgres.OneBatch.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatflow.domain.ConflictException;
import io.chatflow.domain.InvalidException;
import io.chatflow.domain.UnavailableException;
import io.chatflow.domain.conversation.Conversation;
import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.event.Event;
import io.chatflow.domain.event.EventType;
import io.chatflow.domain.message.Message;
import io.chatflow.domain.message.MessageId;
import io.chatflow.domain.user.UserId;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Writes that share one batch: the writer is held in a write of its own while the others queue,
 * so they all run in the next transaction.
 */
@NeedsPostgres
class GroupCommitTest {
  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

  private PostgresSettings settings;
  private PostgresStores stores;
  private final Conversation group = Conversation.group(new ConversationId("c-1"), "Team", NOW);

  @BeforeEach
  void aGroup() {
    settings = TestDatabase.freshSchema();
    stores = PostgresStores.open(settings);
    stores.transactions().write(() -> {
      stores.conversations().save(group);
      return null;
    });
  }

  @AfterEach
  void drop() {
    stores.close();
    TestDatabase.drop(settings.schema());
  }

  /** The writes as one batch, in the order given. */
  private List<CompletableFuture<Object>> oneBatch(List<Supplier<Object>> writes) {
    return OneBatch.of((PostgresTransactions) stores.transactions(),
        writes.stream().<Supplier<Object>>map(w -> () -> stores.transactions().write(w)).toList());
  }

  private Message message(long seq, String body) {
    return new Message(new MessageId("m-" + seq + body), group.id(), seq, new UserId("alice"), body, NOW, null, false,
        null);
  }

  @Test
  void aWriteWhoseStatementFailsFailsAloneAndTheOthersOfItsBatchCommitWithTheirActionsInOrder() throws Exception {
    List<String> actions = new CopyOnWriteArrayList<>();
    List<CompletableFuture<Object>> outcomes = oneBatch(Stream.of("one", "taken", "two").<Supplier<Object>>map(
        body -> () -> {
          stores.messages().insert(message(body.equals("two") ? 2 : 1, body));
          stores.transactions().afterCommit(() -> actions.add(body));
          return body;
        }).toList());
    assertThat(outcomes.get(0).get(30, TimeUnit.SECONDS)).isEqualTo("one");
    assertThat(outcomes.get(2).get(30, TimeUnit.SECONDS)).isEqualTo("two");
    assertThat(outcomes.get(1)).failsWithin(30, TimeUnit.SECONDS).withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(ConflictException.class);
    assertThat(actions).containsExactly("one", "two");
    assertThat(stores.transactions().read(() -> stores.messages().after(group.id(), 0, 10)))
        .extracting(Message::body).containsExactly("one", "two");
  }

  @Test
  void aLookUpByAnIdWithANulFailsAloneAsInvalidInputAndTheOthersOfItsBatchCommit() throws Exception {
    // PostgreSQL refuses a NUL in a text parameter (22021): the caller's bad input, never the store's failure
    List<CompletableFuture<Object>> outcomes = oneBatch(List.of(
        () -> stores.messages().insert(message(1, "one")),
        () -> stores.conversations().findById(new ConversationId("c-1\0")),
        () -> stores.messages().insert(message(2, "two"))));
    assertThat(outcomes.get(1)).failsWithin(30, TimeUnit.SECONDS).withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(InvalidException.class);
    assertThat(outcomes.get(0)).succeedsWithin(30, TimeUnit.SECONDS);
    assertThat(outcomes.get(2)).succeedsWithin(30, TimeUnit.SECONDS);
    assertThat(stores.transactions().read(() -> stores.messages().after(group.id(), 0, 10)))
        .extracting(Message::body).containsExactly("one", "two");
    assertThatThrownBy(() -> stores.transactions().read(() -> stores.conversations().findById(new ConversationId("\0"))))
        .isInstanceOf(InvalidException.class);
  }

  @Test
  void aConnectionLostInTheMiddleOfABatchFailsEveryWriteOfItAsUnavailableAndCommitsNone() throws Exception {
    CountDownLatch firstHasWritten = new CountDownLatch(1);
    CountDownLatch connectionGone = new CountDownLatch(1);
    List<CompletableFuture<Object>> outcomes = oneBatch(List.of(() -> {
      stores.messages().insert(message(1, "first"));
      firstHasWritten.countDown();
      await(connectionGone);
      return "first";
    }, () -> stores.messages().insert(message(2, "second"))));
    await(firstHasWritten);
    try (Connection admin = TestDatabase.connect(); Statement statement = admin.createStatement()) {
      statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'chatflow'"
          + " AND state = 'idle in transaction'");
    }
    connectionGone.countDown();
    for (CompletableFuture<Object> outcome : outcomes) {
      assertThat(outcome).failsWithin(30, TimeUnit.SECONDS).withThrowableOfType(ExecutionException.class)
          .withCauseInstanceOf(UnavailableException.class);
    }
    assertThat(stores.transactions().read(() -> stores.messages().after(group.id(), 0, 10))).isEmpty();
  }

  @Test
  void aWriteThatMustWaitForARowWhileEarlierWritesHoldTheClockLetsThemCommitFirstAndWaitsWithoutTheClock()
      throws Exception {
    Conversation other = Conversation.group(new ConversationId("c-2"), "Other", NOW);
    stores.transactions().write(() -> {
      stores.conversations().save(other);
      return null;
    });
    try (Connection anotherNode = TestDatabase.connect(); Statement statement = anotherNode.createStatement()) {
      anotherNode.setAutoCommit(false);
      statement.execute("SET search_path TO " + settings.schema());
      statement.execute("SELECT 1 FROM conversations WHERE id = 'c-2' FOR NO KEY UPDATE");
      // the first write takes the clock; the second then needs the row another node holds
      List<CompletableFuture<Object>> outcomes = oneBatch(List.of(
          () -> stores.events().append(Event.ofConversation(EventType.CONVERSATION_UPDATED, group.id(), null, NOW)),
          () -> stores.conversations().findById(other.id())));
      assertThat(outcomes.get(0).get(30, TimeUnit.SECONDS)).isInstanceOf(Event.class);
      TestDatabase.awaitLockWait("conversations");
      // were the clock held while waiting, that node's next event would wait for it: a deadlock
      try (Connection clockReader = TestDatabase.connect(); Statement clock = clockReader.createStatement()) {
        clockReader.setAutoCommit(false);
        clock.execute("SET search_path TO " + settings.schema());
        try (var rs = clock.executeQuery("SELECT position FROM event_clock WHERE id = 1 FOR NO KEY UPDATE NOWAIT")) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getLong(1)).isEqualTo(1);
        }
        clockReader.rollback();
      }
      anotherNode.commit();
      assertThat(outcomes.get(1).get(30, TimeUnit.SECONDS)).isEqualTo(java.util.Optional.of(other));
    }
  }

}
