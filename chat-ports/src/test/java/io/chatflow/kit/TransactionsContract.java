package io.chatflow.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatflow.domain.conversation.Conversation;
import io.chatflow.domain.conversation.Role;
import io.chatflow.domain.event.Event;
import io.chatflow.domain.event.EventType;
import io.chatflow.domain.user.User;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

public abstract class TransactionsContract extends StoreTest {

  @Test
  void aFailedWriteLeavesNothingInAnyStore() {
    User alice = savedUser("alice");
    Conversation group = savedGroup("Team");
    assertThatThrownBy(() -> write(() -> {
      stores.conversations().save(group.retitled("Changed", clock.instant()));
      stores.conversations().saveMember(new io.chatflow.domain.conversation.Member(
          group.id(), alice.id(), Role.OWNER, clock.instant(), 0, 1));
      stores.messages().insert(message(group, 1, alice, "hi"));
      stores.events().append(Event.ofConversation(EventType.CONVERSATION_UPDATED, group.id(), null, clock.instant()));
      throw new IllegalArgumentException("rejected");
    })).isInstanceOf(IllegalArgumentException.class);

    assertThat(read(() -> stores.conversations().findById(group.id()))).contains(group);
    assertThat(read(() -> stores.conversations().findMember(group.id(), alice.id()))).isEmpty();
    assertThat(read(() -> stores.messages().findBySeq(group.id(), 1))).isEmpty();
    assertThat(read(() -> stores.events().head().position())).isZero();
  }

  @Test
  void afterCommitActionsRunOnceCommittedAndNeverOnRollback() {
    List<String> ran = Collections.synchronizedList(new ArrayList<>());
    String result = write(() -> {
      stores.transactions().afterCommit(() -> ran.add("first"));
      stores.transactions().afterCommit(() -> ran.add("second"));
      assertThat(ran).isEmpty();
      return "done";
    });
    assertThat(result).isEqualTo("done");
    assertThat(ran).containsExactly("first", "second");

    assertThatThrownBy(() -> write(() -> {
      stores.transactions().afterCommit(() -> ran.add("never"));
      throw new IllegalStateException("rolled back");
    })).hasMessage("rolled back");
    assertThat(ran).containsExactly("first", "second");
  }

  @Test
  void concurrentWritesAreSerialisedAndCommitActionsFollowCommitOrder() throws Exception {
    Conversation group = savedGroup("Counter");
    List<Long> committed = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<?>> done = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      done.add(pool.submit(() -> write(() -> {
        Conversation c = stores.conversations().findById(group.id()).orElseThrow();
        Conversation next = c.withMessage(c.nextSeq(), clock.instant());
        stores.conversations().save(next);
        stores.transactions().afterCommit(() -> committed.add(next.lastSeq()));
        return null;
      })));
    }
    for (Future<?> f : done) {
      f.get(30, TimeUnit.SECONDS);
    }
    pool.shutdown();
    assertThat(read(() -> stores.conversations().findById(group.id())).orElseThrow().lastSeq()).isEqualTo(200);
    assertThat(committed).hasSize(200).isSorted();
  }

  @Test
  void aFailingWriteDoesNotFailOthersRunningBesideIt() throws Exception {
    User alice = savedUser("alice");
    Conversation group = savedGroup("Team");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<?>> outcomes = new ArrayList<>();
    for (int i = 1; i <= 40; i++) {
      int n = i;
      outcomes.add(pool.submit(() -> write(() -> {
        if (n % 4 == 0) {
          stores.messages().insert(message(group, 1000 + n, alice, "doomed"));
          throw new IllegalStateException("fails on purpose");
        }
        stores.messages().insert(message(group, n, alice, "kept"));
        return null;
      })));
    }
    int failed = 0;
    for (Future<?> f : outcomes) {
      try {
        f.get(30, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException e) {
        assertThat(e.getCause()).hasMessage("fails on purpose");
        failed++;
      }
    }
    pool.shutdown();
    assertThat(failed).isEqualTo(10);
    assertThat(read(() -> stores.messages().after(group.id(), 0, 100))).hasSize(30)
        .allSatisfy(m -> assertThat(m.body()).isEqualTo("kept"));
  }

  @Test
  void aStoreWriteOutsideAWriteTransactionIsRefused() {
    Conversation group = Conversation.group(new io.chatflow.domain.conversation.ConversationId("x"), "x", clock.instant());
    assertThatThrownBy(() -> stores.conversations().save(group)).isInstanceOf(IllegalStateException.class);
  }
}
