package io.chatflow.adapter.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.event.Event;
import io.chatflow.domain.event.EventCursor;
import io.chatflow.domain.event.EventType;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventLogTest {
  private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
  private static final ConversationId CONVERSATION = new ConversationId("c");

  private final Path directory = TestDatabases.newDirectory();
  private SqliteStores stores = SqliteStores.open(TestDatabases.settings(directory));

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
}
