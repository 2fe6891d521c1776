package io.chatflow.adapter.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.event.Event;
import io.chatflow.domain.event.EventCursor;
import io.chatflow.domain.event.EventType;
import io.chatflow.domain.conversation.Conversation;
import io.chatflow.domain.message.Message;
import io.chatflow.domain.message.MessageId;
import io.chatflow.domain.user.Account;
import io.chatflow.domain.user.User;
import io.chatflow.domain.user.Username;
import io.chatflow.domain.user.UserId;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EventLogTest {
  private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
  private static final ConversationId CONVERSATION = new ConversationId("c");
  private static final UserId USER = new UserId("u");

  private final Path directory = TestDatabases.newDirectory();
  private SqliteStores stores = SqliteStores.open(TestDatabases.settings(directory));

  @BeforeEach
  void conversationWithAMember() {
    stores.transactions().write(() -> {
      stores.users().save(new Account(User.registered(USER, Username.of("ann"), "Ann", T0), "hash"));
      stores.conversations().save(Conversation.group(CONVERSATION, "Room", T0));
      return null;
    });
  }

  @AfterEach
  void close() {
    stores.close();
    TestDatabases.delete(directory);
  }

  private void appendAt(Instant at, int count) {
    stores.transactions().write(() -> {
      for (int i = 0; i < count; i++) {
        stores.events().append(Event.ofConversation(EventType.CONVERSATION_UPDATED, CONVERSATION, null, at));
      }
      return null;
    });
  }

  @Test
  void pruningRunsInChunksAndStopsAtTheFirstFreshEvent() {
    appendAt(T0, SqliteEventStore.PRUNE_CHUNK * 2 + 17);
    appendAt(T0.plus(Duration.ofDays(2)), 3);
    long batchesBefore = stores.groupCommit().batches();

    int dropped = stores.events().prune(T0.plus(Duration.ofDays(1)));

    assertThat(dropped).isEqualTo(SqliteEventStore.PRUNE_CHUNK * 2 + 17);
    assertThat(stores.groupCommit().batches() - batchesBefore).as("one write per chunk").isEqualTo(3);
    assertThat(stores.events().horizon()).isEqualTo(new EventCursor(SqliteEventStore.PRUNE_CHUNK * 2 + 17));
    assertThat(stores.events().head()).isEqualTo(new EventCursor(SqliteEventStore.PRUNE_CHUNK * 2 + 20));
  }

  @Test
  void theHorizonAndHeadSurviveReopeningAndPositionsAreNeverReused() {
    appendAt(T0, 5);
    assertThat(stores.events().prune(T0.plusSeconds(1))).isEqualTo(5);
    assertThat(stores.events().head()).isEqualTo(new EventCursor(5));
    stores.close();

    stores = SqliteStores.open(TestDatabases.settings(directory));
    assertThat(stores.events().horizon()).isEqualTo(new EventCursor(5));
    assertThat(stores.events().head()).isEqualTo(new EventCursor(5));
    Event next = stores.transactions().write(() -> stores.events().append(
        Event.ofConversation(EventType.CONVERSATION_UPDATED, CONVERSATION, null, T0)));
    assertThat(next.position()).isEqualTo(6);
  }

  private long post(long seq, Instant at) {
    Message message = new Message(new MessageId("m" + seq), CONVERSATION, seq, USER, "hi", at, null, false, null);
    return stores.transactions().write(() -> stores.messages().insert(message)).position();
  }

  @Test
  void aMessageRowIsItsCreatedEventAndAnEditTakesNoPosition() {
    appendAt(T0, 1);
    assertThat(post(1, T0)).isEqualTo(2);
    Message edited = stores.messages().findBySeq(CONVERSATION, 1).orElseThrow().edited(USER, "hello", T0.plusSeconds(1));
    Event updated = stores.transactions().write(() -> {
      stores.messages().save(edited);
      return stores.events().append(Event.ofMessage(EventType.MESSAGE_UPDATED, edited, T0.plusSeconds(1)));
    });

    assertThat(updated.position()).isEqualTo(3);
    assertThat(post(2, T0)).isEqualTo(4);
    assertThat(stores.messages().findBySeq(CONVERSATION, 1).orElseThrow().body()).isEqualTo("hello");
  }

  @Test
  void pruningPassesOldMessagesAsWellAsOldEvents() {
    appendAt(T0, 2);
    for (int seq = 1; seq <= SqliteEventStore.PRUNE_CHUNK; seq++) {
      post(seq, T0);
    }
    appendAt(T0, 1);
    long fresh = post(SqliteEventStore.PRUNE_CHUNK + 1, T0.plus(Duration.ofDays(2)));

    int dropped = stores.events().prune(T0.plus(Duration.ofDays(1)));

    assertThat(dropped).isEqualTo(SqliteEventStore.PRUNE_CHUNK + 3);
    assertThat(stores.events().horizon()).isEqualTo(new EventCursor(fresh - 1));
    assertThat(stores.events().head()).isEqualTo(new EventCursor(fresh));
    assertThat(stores.messages().findBySeq(CONVERSATION, 1)).as("messages stay; only their events pass").isPresent();
  }
}
