package io.chatflow.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatflow.domain.conversation.Conversation;
import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.conversation.Member;
import io.chatflow.domain.conversation.Role;
import io.chatflow.domain.user.UserId;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Updates of a conversation the write holds locked go with COMMIT, and its member ids come with
 * the lock: the write itself still reads what it changed, and a write that fails leaves none of it.
 */
@NeedsPostgres
class DeferredChangesTest {
  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

  private PostgresSettings settings;
  private PostgresStores stores;
  private final Conversation group = Conversation.group(new ConversationId("c-1"), "Team", NOW);
  private final Member alice = new Member(group.id(), new UserId("alice"), Role.OWNER, NOW, 0, 0);
  private final Member bob = new Member(group.id(), new UserId("bob"), Role.MEMBER, NOW, 0, 0);

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

  @Test
  void aWriteReadsTheChangesItHasNotSentYet() {
    stores.transactions().write(() -> {
      Conversation locked = stores.conversations().findById(group.id()).orElseThrow();
      stores.conversations().save(locked.withMessage(1, NOW));
      stores.conversations().saveMember(alice.readUpTo(1));
      stores.conversations().saveMember(bob);
      assertThat(stores.conversations().memberIds(group.id())).containsExactlyInAnyOrder(alice.userId(), bob.userId());
      assertThat(stores.conversations().findById(group.id()).orElseThrow().lastSeq()).isEqualTo(1);
      assertThat(stores.conversations().findMember(group.id(), alice.userId()).orElseThrow().readSeq()).isEqualTo(1);
      stores.conversations().deleteMember(group.id(), bob.userId(), 0);
      assertThat(stores.conversations().memberIds(group.id())).containsExactly(alice.userId());
      return null;
    });
    assertThat(stores.transactions().read(() -> stores.conversations().findById(group.id())).orElseThrow().lastSeq())
        .isEqualTo(1);
    assertThat(stores.transactions().read(() -> stores.conversations().members(group.id())))
        .containsExactly(alice.readUpTo(1));
  }

  @Test
  void aFailedWriteLeavesNoneOfItsHeldBackChanges() {
    assertThatThrownBy(() -> stores.transactions().write(() -> {
      Conversation locked = stores.conversations().findById(group.id()).orElseThrow();
      stores.conversations().save(locked.withMessage(1, NOW));
      stores.conversations().saveMember(alice.readUpTo(1));
      throw new IllegalStateException("rolled back on purpose");
    })).hasMessage("rolled back on purpose");
    assertThat(stores.transactions().read(() -> stores.conversations().findById(group.id()))).contains(group);
    assertThat(stores.transactions().read(() -> stores.conversations().members(group.id()))).containsExactly(alice);
  }
}
