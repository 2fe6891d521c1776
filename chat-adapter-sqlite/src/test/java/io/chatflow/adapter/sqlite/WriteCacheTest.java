package io.chatflow.adapter.sqlite;

import io.chatflow.domain.conversation.Kind;
import io.chatflow.ports.in.NewConversation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatflow.domain.NotFoundException;
import io.chatflow.domain.conversation.Conversation;
import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.conversation.Member;
import io.chatflow.domain.conversation.Role;
import io.chatflow.domain.event.Event;
import io.chatflow.domain.event.EventType;
import io.chatflow.domain.message.Message;
import io.chatflow.domain.user.Account;
import io.chatflow.domain.user.User;
import io.chatflow.domain.user.UserId;
import io.chatflow.domain.user.Username;
import io.chatflow.kit.Latches;
import io.chatflow.ports.out.Membership;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The writer's cache of conversation, member and account rows: never seen stale, never keeping what rolled back. */
@Timeout(120)
class WriteCacheTest {
  private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
  private static final ConversationId ROOM = new ConversationId("room");
  private static final UserId ANN = new UserId("ann");

  private Path directory;
  private SqliteSettings settings;
  private SqliteStores stores;

  @BeforeEach
  void open() {
    directory = TestDatabases.newDirectory();
    settings = TestDatabases.settings(directory);
    stores = SqliteStores.open(settings);
  }

  @AfterEach
  void close() {
    stores.close();
    TestDatabases.delete(directory);
  }

  private <T> T write(Supplier<T> work) {
    return stores.transactions().write(work);
  }

  /** A room with ann as its owner, created through the stores (the cache holds neither row yet). */
  private void roomWithAnn() {
    write(() -> {
      stores.users().save(new Account(User.registered(ANN, new Username("ann"), "Ann", NOW), "hash"));
      stores.conversations().save(Conversation.group(ROOM, "Room", NOW));
      stores.conversations().saveMember(new Member(ROOM, ANN, Role.OWNER, NOW, 0, 1));
      return null;
    });
  }

  /** What the file holds, read on a read connection (never through the writer's cache). */
  private Conversation committedRoom() {
    return stores.transactions().read(() -> stores.conversations().findById(ROOM)).orElseThrow();
  }

  private Member committedAnn() {
    return stores.transactions().read(() -> stores.conversations().findMember(ROOM, ANN)).orElseThrow();
  }

  /** Loads the rows into the cache and stages new values for them, as a post does. */
  private void stageSeq(long seq) {
    Conversation room = stores.conversations().findById(ROOM).orElseThrow();
    Member ann = stores.conversations().findMember(ROOM, ANN).orElseThrow();
    stores.conversations().save(new Conversation(room.id(), room.kind(), room.title(), room.createdAt(),
        NOW.plusSeconds(seq), seq, room.directKey()));
    stores.conversations().saveMember(ann.readUpTo(seq));
  }

  @Test
  void changesStagedInOneWriteAreCommittedAndSeenByLaterWrites() {
    roomWithAnn();
    write(() -> {
      stageSeq(1);
      return null;
    });
    write(() -> {
      stageSeq(2);
      stageSeq(3);
      return null;
    });
    assertThat(committedRoom().lastSeq()).isEqualTo(3);
    assertThat(committedRoom().lastActivityAt()).isEqualTo(NOW.plusSeconds(3));
    assertThat(committedAnn().readSeq()).isEqualTo(3);
    assertThat(write(() -> stores.conversations().findById(ROOM).orElseThrow().lastSeq())).isEqualTo(3);
  }

  @Test
  void aFailedWriteLeavesNoStagedValueInTheCacheOrTheFile() {
    roomWithAnn();
    write(() -> {
      stageSeq(1);
      return null;
    });
    assertThatThrownBy(() -> write(() -> {
      stageSeq(2);
      throw new IllegalStateException("fails after staging");
    })).hasMessage("fails after staging");

    assertThat(write(() -> stores.conversations().findById(ROOM).orElseThrow().lastSeq())).isEqualTo(1);
    assertThat(write(() -> stores.conversations().findMember(ROOM, ANN).orElseThrow().readSeq())).isEqualTo(1);
    assertThat(committedRoom().lastSeq()).isEqualTo(1);
    assertThat(committedAnn().readSeq()).isEqualTo(1);
  }

  @Test
  void aNestedWriteThatRollsBackAfterItsStagedRowsWereWrittenStagesTheOuterValuesAgain() {
    roomWithAnn();
    write(() -> {
      stageSeq(5);
      try {
        write(() -> {
          stageSeq(6);
          // SQL that reads the members table: the staged rows are written first, so it sees them
          List<Membership> seen = stores.conversations().conversationsOf(ANN, null, 10);
          assertThat(seen).singleElement().satisfies(m -> {
            assertThat(m.conversation().lastSeq()).isEqualTo(6);
            assertThat(m.member().readSeq()).isEqualTo(6);
          });
          throw new IllegalStateException("inner fails");
        });
      } catch (IllegalStateException expected) {
        // the outer write goes on with seq 5 staged
      }
      assertThat(stores.conversations().findById(ROOM).orElseThrow().lastSeq()).isEqualTo(5);
      assertThat(stores.conversations().members(ROOM)).singleElement()
          .satisfies(m -> assertThat(m.readSeq()).isEqualTo(5));
      return null;
    });
    assertThat(committedRoom().lastSeq()).isEqualTo(5);
    assertThat(committedAnn().readSeq()).isEqualTo(5);
  }

  @Test
  void aWriteOfAnotherConnectionIsNeverHiddenByTheCache() throws Exception {
    roomWithAnn();
    write(() -> {
      stageSeq(1);
      return null;
    });
    try (var other = java.sql.DriverManager.getConnection("jdbc:sqlite:" + settings.file());
        var statement = other.createStatement()) {
      statement.executeUpdate("UPDATE conversations SET last_seq = 7 WHERE id = 'room'");
      statement.executeUpdate("UPDATE members SET read_seq = 7 WHERE user_id = 'ann'");
    }
    assertThat(write(() -> stores.conversations().findById(ROOM).orElseThrow().lastSeq())).isEqualTo(7);
    assertThat(write(() -> stores.conversations().findMember(ROOM, ANN).orElseThrow().readSeq())).isEqualTo(7);
  }

  @Test
  void twoStoresPostingToOneFileKeepSeqGapFreeAndSeeEachOthersMembershipChanges() {
    try (ChatFlowOnSqlite first = ChatFlowOnSqlite.besideTheOwner(settings);
        ChatFlowOnSqlite second = ChatFlowOnSqlite.besideTheOwner(settings)) {
      User alice = first.core.accounts().register("alice", "password", null);
      User bob = first.core.accounts().register("bob", "password", null);
      ConversationId room = roomOf(first, alice, bob);

      for (int i = 0; i < 6; i++) {
        ChatFlowOnSqlite poster = i % 2 == 0 ? first : second;
        long seq = poster.core.messaging().post(alice.id(), room, "message " + i, null).message().message().seq();
        assertThat(seq).as("post %d", i).isEqualTo(i + 1);
      }
      List<Message> stored = first.stores.messages().after(room, 0, 10);
      assertThat(stored).extracting(Message::body)
          .containsExactly("message 0", "message 1", "message 2", "message 3", "message 4", "message 5");
      assertThat(first.stores.conversations().findById(room).orElseThrow().lastSeq()).isEqualTo(6);

      // bob posts through the first store (cached as a member), then leaves through the second
      first.core.messaging().post(bob.id(), room, "bob was here", null);
      second.core.conversations().removeMember(bob.id(), room, bob.id());
      assertThatThrownBy(() -> first.core.messaging().post(bob.id(), room, "bob is gone", null))
          .isInstanceOf(NotFoundException.class);
      assertThat(first.core.messaging().post(alice.id(), room, "still here", null).message().message().seq())
          .isEqualTo(8);
    }
  }

  @Test
  void twoStoresPostingToOneConversationAtOnceGiveEveryMessageItsOwnSeq() throws Exception {
    int perThread = 40;
    try (ChatFlowOnSqlite first = ChatFlowOnSqlite.besideTheOwner(settings);
        ChatFlowOnSqlite second = ChatFlowOnSqlite.besideTheOwner(settings)) {
      User alice = first.core.accounts().register("alice", "password", null);
      User bob = first.core.accounts().register("bob", "password", null);
      ConversationId room = roomOf(first, alice, bob);
      ExecutorService pool = Executors.newFixedThreadPool(4);
      List<Future<List<Long>>> posters = new java.util.ArrayList<>();
      try {
        for (int t = 0; t < 4; t++) {
          ChatFlowOnSqlite chat = t % 2 == 0 ? first : second;
          User sender = t < 2 ? alice : bob;
          int thread = t;
          posters.add(pool.submit(() -> {
            List<Long> seqs = new java.util.ArrayList<>();
            for (int i = 0; i < perThread; i++) {
              seqs.add(chat.core.messaging().post(sender.id(), room, "t" + thread + "-" + i, null).message().message()
                  .seq());
            }
            return seqs;
          }));
        }
        List<Long> acknowledged = new java.util.ArrayList<>();
        for (Future<List<Long>> poster : posters) {
          acknowledged.addAll(poster.get(60, TimeUnit.SECONDS));
        }
        assertThat(acknowledged).doesNotHaveDuplicates().hasSize(4 * perThread);
      } finally {
        pool.shutdownNow();
      }
      List<Message> stored = new java.util.ArrayList<>();
      long after = 0;
      List<Message> page;
      while (!(page = first.stores.messages().after(room, after, 100)).isEmpty()) {
        stored.addAll(page);
        after = page.get(page.size() - 1).seq();
      }
      assertThat(stored).extracting(Message::seq)
          .isEqualTo(java.util.stream.LongStream.rangeClosed(1, 4 * perThread).boxed().toList());
      assertThat(stored).extracting(Message::body).doesNotHaveDuplicates();
      assertThat(second.stores.conversations().findById(room).orElseThrow().lastSeq()).isEqualTo(4 * perThread);
      assertThat(second.stores.conversations().findMember(room, alice.id()).orElseThrow().readSeq())
          .isEqualTo(stored.stream().filter(m -> m.senderId().equals(alice.id())).mapToLong(Message::seq).max()
              .orElseThrow());
    }
  }

  @Test
  void whenABatchFailsAtCommitTheCacheKeepsNoneOfItsStagedValues() throws Exception {
    roomWithAnn();
    write(() -> {
      stageSeq(1);
      return null;
    });
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      CountDownLatch release = new CountDownLatch(1);
      CountDownLatch running = new CountDownLatch(1);
      pool.submit(() -> write(() -> {
        running.countDown();
        Latches.awaitQuietly(release);
        return null;
      }));
      assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
      Future<Object> staging = pool.submit(() -> write(() -> {
        stageSeq(2);
        return null;
      }));
      Future<Object> culprit = pool.submit(() -> write(() -> {
        // checked only at COMMIT: the whole batch fails there
        stores.database().current().execute("PRAGMA defer_foreign_keys = ON");
        stores.conversations().saveMember(new Member(new ConversationId("ghost"), new UserId("nobody"), Role.MEMBER,
            NOW, 0, 1));
        return null;
      }));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (stores.groupCommit().queued() < 2) {
        assertThat(System.nanoTime()).as("both writes queued").isLessThan(deadline);
        Thread.onSpinWait();
      }
      release.countDown();
      assertThatThrownBy(() -> staging.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
      assertThatThrownBy(() -> culprit.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(write(() -> stores.conversations().findById(ROOM).orElseThrow().lastSeq())).isEqualTo(1);
    assertThat(write(() -> stores.conversations().findMember(ROOM, ANN).orElseThrow().readSeq())).isEqualTo(1);
    assertThat(committedRoom().lastSeq()).isEqualTo(1);
  }

  private long appendEvent() {
    return write(() -> stores.events().append(Event.ofConversation(EventType.CONVERSATION_UPDATED, ROOM, null, NOW)))
        .position();
  }

  @Test
  void eventPositionsFollowOnFromEveryAppendRolledBackOrMadeElsewhere() throws Exception {
    assertThat(appendEvent()).isEqualTo(1);
    assertThatThrownBy(() -> write(() -> {
      stores.events().append(Event.ofConversation(EventType.CONVERSATION_UPDATED, ROOM, null, NOW));
      throw new IllegalStateException("rolled back");
    })).hasMessage("rolled back");
    assertThat(appendEvent()).as("a rolled-back append gives its position back, as AUTOINCREMENT does").isEqualTo(2);

    try (var other = java.sql.DriverManager.getConnection("jdbc:sqlite:" + settings.file());
        var statement = other.createStatement()) {
      statement.executeUpdate("INSERT INTO events (type, conversation_id, at, seq) VALUES ('conversation.updated', 'room', 0, 0)");
      statement.executeUpdate("DELETE FROM events WHERE position = 3");
    }
    assertThat(appendEvent()).as("after another connection's append, even one it pruned since").isEqualTo(4);
  }

  @Test
  void membersAddedOrRemovedInAWriteShowInTheCachedMemberIds() {
    roomWithAnn();
    UserId ben = new UserId("ben");
    write(() -> {
      stores.users().save(new Account(User.registered(ben, new Username("ben"), "Ben", NOW), "hash"));
      assertThat(stores.conversations().memberIds(ROOM)).containsExactly(ANN);
      stores.conversations().saveMember(new Member(ROOM, ben, Role.MEMBER, NOW, 0, 2));
      assertThat(stores.conversations().memberIds(ROOM)).containsExactlyInAnyOrder(ANN, ben);
      return null;
    });
    assertThatThrownBy(() -> write(() -> {
      stores.conversations().deleteMember(ROOM, ben, 0);
      assertThat(stores.conversations().memberIds(ROOM)).containsExactly(ANN);
      assertThat(stores.conversations().findMember(ROOM, ben)).isEmpty();
      throw new IllegalStateException("undo the removal");
    })).hasMessage("undo the removal");
    assertThat(write(() -> stores.conversations().memberIds(ROOM))).containsExactlyInAnyOrder(ANN, ben);
    assertThat(write(() -> stores.conversations().findMember(ROOM, ben))).isPresent();
  }

  @Test
  void anAccountReadInAWriteFollowsRenamesMadeThereRolledBackOrMadeElsewhere() throws Exception {
    roomWithAnn();
    assertThat(write(() -> displayNameOfAnn())).isEqualTo("Ann");
    write(() -> {
      renameAnn("Annie");
      return null;
    });
    assertThat(write(() -> displayNameOfAnn())).as("renamed in an earlier write").isEqualTo("Annie");
    assertThatThrownBy(() -> write(() -> {
      renameAnn("Anna");
      assertThat(displayNameOfAnn()).isEqualTo("Anna");
      throw new IllegalStateException("undo the rename");
    })).hasMessage("undo the rename");
    assertThat(write(() -> displayNameOfAnn())).as("after a rolled-back rename").isEqualTo("Annie");
    try (var other = java.sql.DriverManager.getConnection("jdbc:sqlite:" + settings.file());
        var statement = other.createStatement()) {
      statement.executeUpdate("UPDATE users SET display_name = 'Ann Elsewhere' WHERE id = 'ann'");
    }
    assertThat(write(() -> displayNameOfAnn())).as("renamed by another connection").isEqualTo("Ann Elsewhere");
  }

  @Test
  void aConversationNumberTakenInAFailedWriteIsNotKeptForItsMessages() {
    roomWithAnn();
    ConversationId lost = new ConversationId("lost");
    ConversationId kept = new ConversationId("kept");
    assertThatThrownBy(() -> write(() -> {
      stores.conversations().save(Conversation.group(lost, "Lost", NOW));
      stores.messages().insert(messageIn(lost, "never kept"));
      throw new IllegalStateException("undo the conversation");
    })).hasMessage("undo the conversation");
    write(() -> {
      // takes the number the failed write had taken
      stores.conversations().save(Conversation.group(kept, "Kept", NOW));
      stores.messages().insert(messageIn(kept, "kept"));
      return null;
    });
    assertThat(write(() -> stores.messages().findBySeq(lost, 1))).isEmpty();
    assertThat(write(() -> stores.messages().findBySeq(kept, 1))).get().extracting(Message::body).isEqualTo("kept");
    assertThat(stores.messages().findBySeq(lost, 1)).isEmpty();
  }

  private static Message messageIn(ConversationId conversation, String body) {
    return new Message(new io.chatflow.domain.message.MessageId(body), conversation, 1, ANN, body, NOW, null, false,
        null);
  }

  private String displayNameOfAnn() {
    return stores.users().findById(ANN).orElseThrow().user().displayName();
  }

  private void renameAnn(String displayName) {
    User ann = stores.users().findById(ANN).orElseThrow().user();
    stores.users().save(new Account(User.registered(ANN, ann.username(), displayName, ann.createdAt()), "hash"));
  }

  private static ConversationId roomOf(ChatFlowOnSqlite chat, User owner, User member) {
    return chat.core.conversations().create(owner.id(), new NewConversation(Kind.GROUP, "Room", List.of(member.id())))
        .conversation().summary().conversation().id();
  }
}
