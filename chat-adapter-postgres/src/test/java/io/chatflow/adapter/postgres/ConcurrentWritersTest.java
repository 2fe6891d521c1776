package io.chatflow.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.conversation.Kind;
import io.chatflow.domain.conversation.Member;
import io.chatflow.domain.conversation.Role;
import io.chatflow.domain.event.Event;
import io.chatflow.domain.event.EventCursor;
import io.chatflow.domain.event.EventType;
import io.chatflow.domain.message.Message;
import io.chatflow.domain.user.User;
import io.chatflow.ports.in.NewConversation;
import io.chatflow.ports.in.UseCases;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The guarantees that PostgreSQL's concurrent writers could break, with two ChatFlow nodes (each
 * its own pool, as two processes) writing to one schema at once.
 */
@NeedsPostgres
class ConcurrentWritersTest {
  private static final int THREADS = 8;

  private PostgresSettings settings;
  private ChatFlowOnPostgres one;
  private ChatFlowOnPostgres two;
  private ExecutorService pool;

  @BeforeEach
  void twoNodes() {
    settings = TestDatabase.freshSchema();
    one = new ChatFlowOnPostgres(settings);
    two = new ChatFlowOnPostgres(settings);
    pool = Executors.newFixedThreadPool(2 * THREADS);
  }

  @AfterEach
  void close() throws InterruptedException {
    pool.shutdownNow();
    pool.awaitTermination(10, TimeUnit.SECONDS);
    one.close();
    two.close();
    TestDatabase.drop(settings.schema());
  }

  private UseCases node(int i) {
    return i % 2 == 0 ? one.core : two.core;
  }

  /** Runs {@code task} on every thread of both nodes at once; returns what each returned. */
  private <T> List<T> onAllAtOnce(int tasks, java.util.function.IntFunction<Callable<T>> task) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<Future<T>> futures = new ArrayList<>();
    for (int i = 0; i < tasks; i++) {
      Callable<T> work = task.apply(i);
      futures.add(pool.submit(() -> {
        start.await();
        return work.call();
      }));
    }
    start.countDown();
    List<T> results = new ArrayList<>();
    for (Future<T> f : futures) {
      results.add(f.get(60, TimeUnit.SECONDS));
    }
    return results;
  }

  private ConversationId group(User owner, User... others) {
    return one.core.conversations().create(owner.id(),
            new NewConversation(Kind.GROUP, "Team", List.of(others).stream().map(User::id).toList()))
        .conversation().summary().conversation().id();
  }

  @Test
  void postersOnTwoNodesGetGapFreeSeqsInOneConversationAndTheLogKeepsTheirOrder() throws Exception {
    User alice = one.core.accounts().register("alice", "password", null);
    User bob = one.core.accounts().register("bob", "password", null);
    ConversationId team = group(alice, bob);
    int perThread = 40;
    List<List<Long>> seqs = onAllAtOnce(2 * THREADS, i -> () -> {
      List<Long> mine = new ArrayList<>();
      for (int n = 0; n < perThread; n++) {
        mine.add(node(i).messaging().post(i % 3 == 0 ? bob.id() : alice.id(), team, "m" + i + "-" + n, null)
            .message().message().seq());
      }
      return mine;
    });

    int total = 2 * THREADS * perThread;
    List<Long> all = seqs.stream().flatMap(List::stream).sorted().toList();
    assertThat(all).containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
    List<Message> stored = one.stores.transactions().read(() -> one.stores.messages().after(team, 0, total + 1));
    assertThat(stored).extracting(Message::seq).containsExactlyElementsOf(all);
    // the log hands the messages out in seq order: positions were taken in commit order
    List<Event> created = two.stores.transactions().read(() -> two.stores.events().readFor(bob.id(), EventCursor.START, 10_000))
        .stream().filter(e -> e.type() == EventType.MESSAGE_CREATED).toList();
    assertThat(created).extracting(Event::seq).containsExactlyElementsOf(all);
  }

  @Test
  void oneClientMessageIdPostedOnTwoNodesAtOnceMakesOneMessage() throws Exception {
    User alice = one.core.accounts().register("alice", "password", null);
    ConversationId team = group(alice);
    for (int round = 0; round < 5; round++) {
      String clientId = "client-" + round;
      List<Long> seqs = onAllAtOnce(2 * THREADS,
          i -> () -> node(i).messaging().post(alice.id(), team, "once", clientId).message().message().seq());
      assertThat(Set.copyOf(seqs)).hasSize(1);
    }
    assertThat(one.stores.transactions().read(() -> one.stores.messages().after(team, 0, 100)))
        .extracting(Message::seq).containsExactly(1L, 2L, 3L, 4L, 5L);
  }

  @Test
  void aDirectConversationCreatedOnTwoNodesAtOnceIsOneConversation() throws Exception {
    User alice = one.core.accounts().register("alice", "password", null);
    for (int round = 0; round < 5; round++) {
      User other = one.core.accounts().register("peer" + round, "password", null);
      List<ConversationId> ids = onAllAtOnce(2 * THREADS, i -> () -> node(i).conversations()
          .create(i % 2 == 0 ? alice.id() : other.id(),
              new NewConversation(Kind.DIRECT, null, List.of(i % 2 == 0 ? other.id() : alice.id())))
          .conversation().summary().conversation().id());
      assertThat(Set.copyOf(ids)).hasSize(1);
      assertThat(one.stores.transactions().read(() -> one.stores.conversations().members(ids.get(0)))).hasSize(2);
    }
  }

  @Test
  void anOwnerAndTheHeirLeavingAtOnceLeaveExactlyOneOwner() throws Exception {
    for (int round = 0; round < 5; round++) {
      User owner = one.core.accounts().register("owner" + round, "password", null);
      User heir = one.core.accounts().register("heir" + round, "password", null);
      User last = one.core.accounts().register("last" + round, "password", null);
      ConversationId team = group(owner, heir, last);
      onAllAtOnce(2, i -> () -> {
        User leaving = i == 0 ? owner : heir;
        node(i).conversations().removeMember(leaving.id(), team, leaving.id());
        return null;
      });
      List<Member> remaining = one.stores.transactions().read(() -> one.stores.conversations().members(team));
      assertThat(remaining).extracting(Member::userId).containsExactly(last.id());
      assertThat(remaining).extracting(Member::role).containsExactly(Role.OWNER);
    }
  }

  @Test
  void ownerHandOversAndPostsOnTwoNodesKeepOneOwner() throws Exception {
    User owner = one.core.accounts().register("owner", "password", null);
    List<User> others = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      others.add(one.core.accounts().register("member" + i, "password", null));
    }
    ConversationId team = group(owner, others.toArray(User[]::new));
    // everyone leaves at once but one, while the last one posts: the ownership passes along without a gap
    List<User> leaving = new ArrayList<>(others.subList(0, 5));
    leaving.add(0, owner);
    User stays = others.get(5);
    onAllAtOnce(leaving.size() + 1, i -> () -> {
      if (i == leaving.size()) {
        for (int n = 0; n < 10; n++) {
          node(i).messaging().post(stays.id(), team, "still here", null);
        }
      } else {
        node(i).conversations().removeMember(leaving.get(i).id(), team, leaving.get(i).id());
      }
      return null;
    });
    List<Member> remaining = one.stores.transactions().read(() -> one.stores.conversations().members(team));
    assertThat(remaining).extracting(Member::userId).containsExactly(stays.id());
    assertThat(remaining).extracting(Member::role).containsExactly(Role.OWNER);
    assertThat(remaining.stream().map(Member::role).collect(Collectors.toSet())).containsOnly(Role.OWNER);
  }

  @Test
  void oneRefreshTokenUsedOnTwoNodesAtOnceRotatesOnce() throws Exception {
    one.core.accounts().register("alice", "password", null);
    for (int round = 0; round < 5; round++) {
      String token = one.core.sessions().login("alice", "password").refreshToken();
      List<Boolean> rotated = onAllAtOnce(2, i -> () -> {
        try {
          node(i).sessions().refresh(token);
          return true;
        } catch (io.chatflow.domain.UnauthenticatedException reused) {
          return false;
        }
      });
      // the second sees the first's rotation: a reused token, which ends the session
      assertThat(rotated).containsExactlyInAnyOrder(true, false);
    }
  }
}
