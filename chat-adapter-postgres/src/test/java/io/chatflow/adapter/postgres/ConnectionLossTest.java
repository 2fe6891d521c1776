package io.chatflow.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatflow.domain.UnavailableException;
import io.chatflow.domain.conversation.Conversation;
import io.chatflow.domain.conversation.ConversationId;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a caller sees while the database is lost or slow: "unavailable", and service again once it is back. */
@NeedsPostgres
class ConnectionLossTest {
  private PostgresSettings settings;
  private PostgresStores stores;
  private final Conversation group =
      Conversation.group(new ConversationId("c-1"), "Team", Instant.parse("2026-12-01T10:00:00Z"));

  @BeforeEach
  void open() {
    settings = TestDatabase.freshSchema().withStatementTimeout(Duration.ofMillis(300));
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

  private Optional<Conversation> find() {
    return stores.transactions().read(() -> stores.conversations().findById(group.id()));
  }

  @Test
  void connectionsTheServerDroppedAreReplacedAndCallsBetweenFailAsUnavailable() throws SQLException {
    assertThat(find()).contains(group);
    try (Connection admin = TestDatabase.connect(); Statement statement = admin.createStatement()) {
      statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'chatflow'");
    }
    int unavailable = 0;
    Optional<Conversation> found = Optional.empty();
    // each dead pooled connection may fail one call, and only as "unavailable"; then the pool has new ones
    for (int attempt = 0; attempt <= settings.poolSize() && found.isEmpty(); attempt++) {
      try {
        found = find();
      } catch (UnavailableException e) {
        unavailable++;
      }
    }
    assertThat(found).contains(group);
    assertThat(unavailable).isLessThanOrEqualTo(settings.poolSize());
    assertThat(stores.ready()).isTrue();
  }

  @Test
  void aWriteWaitingLongerThanTheStatementTimeoutFailsAsUnavailableAndLeavesThePoolWorking() throws SQLException {
    try (Connection admin = TestDatabase.connect(); Statement statement = admin.createStatement()) {
      admin.setAutoCommit(false);
      statement.execute("SELECT 1 FROM " + settings.schema() + ".conversations WHERE id = 'c-1' FOR UPDATE");
      long started = System.nanoTime();
      assertThatThrownBy(() -> stores.transactions().write(() -> stores.conversations().findById(group.id())))
          .isInstanceOf(UnavailableException.class);
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
      admin.rollback();
    }
    assertThat(stores.transactions().write(() -> stores.conversations().findById(group.id()))).contains(group);
  }
}
