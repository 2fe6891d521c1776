package io.chatflow.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatflow.domain.conversation.Conversation;
import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.conversation.Member;
import io.chatflow.domain.conversation.Role;
import io.chatflow.domain.user.UserId;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A write that waited for a conversation's lock reads what the holder committed, not what was
 * there when it began to wait: another process adds a member while holding the lock.
 */
@NeedsPostgres
class LockedReadsTest {
  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

  private PostgresSettings settings;
  private PostgresStores stores;
  private final Conversation group = Conversation.group(new ConversationId("c-1"), "Team", NOW);
  private final Member alice = new Member(group.id(), new UserId("alice"), Role.OWNER, NOW, 0, 0);

  @BeforeEach
  void aGroupOfOne() {
    settings = TestDatabase.freshSchema();
    stores = PostgresStores.open(settings);
    stores.transactions().write(() -> {
      stores.conversations().save(group);
      stores.conversations().saveMember(alice);
      return null;
    });
  }

  @AfterEach
  void drop() {
    stores.close();
    TestDatabase.drop(settings.schema());
  }

  /** Another writer holds the lock and adds bob; {@code write} starts meanwhile; bob is committed once it waits. */
  private <T> T whileAnotherAddsBob(java.util.function.Supplier<T> write) throws Exception {
    try (Connection other = TestDatabase.connect(); Statement statement = other.createStatement()) {
      other.setAutoCommit(false);
      statement.execute("SET search_path TO " + settings.schema());
      statement.execute("SELECT 1 FROM conversations WHERE id = 'c-1' FOR NO KEY UPDATE");
      statement.execute("INSERT INTO members (conversation_id, user_id, role, joined_at, read_seq, since_event)"
          + " VALUES ('c-1', 'bob', 'member', 0, 0, 7)");
      CompletableFuture<T> waiting = CompletableFuture.supplyAsync(() -> stores.transactions().write(write::get));
      TestDatabase.awaitLockWait("conversations");
      other.commit();
      return waiting.get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void theMemberIdsAreThoseCommittedBeforeTheLockWasGranted() throws Exception {
    List<UserId> ids = whileAnotherAddsBob(() -> stores.conversations().memberIds(group.id()));
    assertThat(ids).containsExactlyInAnyOrder(alice.userId(), new UserId("bob"));
  }

  @Test
  void theMemberRowIsTheOneCommittedBeforeTheLockWasGranted() throws Exception {
    Optional<Member> bob = whileAnotherAddsBob(() -> stores.conversations().findMember(group.id(), new UserId("bob")));
    assertThat(bob).map(Member::sinceEvent).contains(7L);
  }
}
