package io.chatflow.adapter.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatflow.domain.conversation.Conversation;
import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.conversation.Member;
import io.chatflow.domain.conversation.Role;
import io.chatflow.domain.user.UserId;
import io.chatflow.kit.Latches;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120) // a lost completion would hang a caller: fail instead
class GroupCommitTest {
  private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

  private Path directory;
  private SqliteStores stores;
  private ExecutorService pool;

  @BeforeEach
  void open() {
    directory = TestDatabases.newDirectory();
    stores = SqliteStores.open(TestDatabases.settings(directory));
    pool = Executors.newFixedThreadPool(12);
  }

  @AfterEach
  void close() throws Exception {
    pool.shutdownNow();
    pool.awaitTermination(10, TimeUnit.SECONDS);
    stores.close();
    TestDatabases.delete(directory);
  }

  private Conversation group(String id) {
    return Conversation.group(new ConversationId(id), "Team " + id, NOW);
  }

  private Future<Object> submitWrite(Runnable work) {
    return pool.submit(() -> stores.transactions().write(() -> {
      work.run();
      return null;
    }));
  }

  /** Holds the writer thread in a write until released, so the next writes queue up behind it. */
  private CountDownLatch blockWriter() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch running = new CountDownLatch(1);
    submitWrite(() -> {
      running.countDown();
      Latches.awaitQuietly(release);
    });
    assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
    return release;
  }


  private static void awaitCondition(BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition within 10 s").isLessThan(deadline);
      Thread.onSpinWait();
    }
  }

  @Test
  void writesQueuedTogetherCommitInOneTransactionEachWithItsOwnOutcome() throws Exception {
    CountDownLatch release = blockWriter();
    long before = stores.groupCommit().batches();
    List<Future<Object>> writes = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      int n = i;
      writes.add(submitWrite(() -> {
        stores.conversations().save(group("c" + n));
        if (n == 3) {
          throw new IllegalArgumentException("write 3 fails");
        }
      }));
    }
    awaitCondition(() -> stores.groupCommit().queued() == 10);
    release.countDown();

    int failed = 0;
    for (Future<Object> write : writes) {
      try {
        write.get(10, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        assertThat(e.getCause()).isInstanceOf(IllegalArgumentException.class).hasMessage("write 3 fails");
        failed++;
      }
    }
    assertThat(failed).isEqualTo(1);
    assertThat(stores.groupCommit().batches() - before).as("one batch for all ten").isEqualTo(1);
    for (int i = 0; i < 10; i++) {
      assertThat(stores.conversations().findById(new ConversationId("c" + i))).isEqualTo(
          i == 3 ? java.util.Optional.empty() : java.util.Optional.of(group("c" + i)));
    }
  }

  /**
   * Five writes queued into one batch, the third failing before or after it wrote: every other
   * write commits once, with its after-commit action once and in order. Returns how many times
   * the writes ran.
   */
  private int fiveWritesTheThirdFailing(boolean afterWriting) throws Exception {
    AtomicInteger runs = new AtomicInteger();
    List<String> actions = java.util.Collections.synchronizedList(new ArrayList<>());
    stores.transactions().write(() -> {
      stores.conversations().save(group("shared"));
      return null;
    });
    CountDownLatch release = blockWriter();
    List<Future<Object>> writes = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      int n = i;
      writes.add(submitWrite(() -> {
        runs.incrementAndGet();
        if (n == 2) {
          // read, then changed in the writer's cache (staged, not written yet): undone all the same
          Conversation shared = stores.conversations().findById(new ConversationId("shared")).orElseThrow();
          stores.conversations().save(shared.retitled("changed by the write that fails", NOW));
          stores.transactions().afterCommit(() -> actions.add("c2"));
          if (afterWriting) {
            stores.conversations().save(group("c2"));
          }
          throw new IllegalArgumentException("write 2 fails");
        }
        stores.conversations().save(group("c" + n));
        stores.transactions().afterCommit(() -> actions.add("c" + n));
      }));
      awaitCondition(() -> stores.groupCommit().queued() == n + 1); // queued in this order
    }
    release.countDown();

    for (int i = 0; i < 5; i++) {
      if (i == 2) {
        assertThatThrownBy(writes.get(i)::get).cause().isInstanceOf(IllegalArgumentException.class)
            .hasMessage("write 2 fails");
      } else {
        writes.get(i).get(10, TimeUnit.SECONDS);
      }
    }
    assertThat(actions).containsExactly("c0", "c1", "c3", "c4");
    for (int i = 0; i < 5; i++) {
      assertThat(stores.conversations().findById(new ConversationId("c" + i))).isEqualTo(
          i == 2 ? java.util.Optional.empty() : java.util.Optional.of(group("c" + i)));
    }
    assertThat(stores.conversations().findById(new ConversationId("shared"))).contains(group("shared"));
    return runs.get();
  }

  @Test
  void aWriteThatFailsBeforeWritingAnythingLeavesTheOthersOfItsBatchAlone() throws Exception {
    assertThat(fiveWritesTheThirdFailing(false)).as("each write ran once").isEqualTo(5);
  }

  @Test
  void aWriteThatFailsAfterWritingMakesItsBatchRunAgainAndTheOthersStillCommitOnce() throws Exception {
    assertThat(fiveWritesTheThirdFailing(true)).as("three writes, then all five again with savepoints").isEqualTo(8);
  }

  @Test
  void aWriteThatFailsAfterAReadThatWroteWhatOthersStagedLeavesTheOthersAlone() throws Exception {
    stores.transactions().write(() -> {
      stores.conversations().save(group("shared"));
      return null;
    });
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch release = blockWriter();
    Future<Object> stages = submitWrite(() -> {
      runs.incrementAndGet();
      Conversation shared = stores.conversations().findById(new ConversationId("shared")).orElseThrow();
      stores.conversations().save(shared.retitled("staged", NOW));
    });
    awaitCondition(() -> stores.groupCommit().queued() == 1);
    Future<Object> fails = submitWrite(() -> {
      runs.incrementAndGet();
      // a read the writer's cache cannot answer: the staged row is written first
      stores.conversations().findById(new ConversationId("absent"));
      throw new IllegalArgumentException("fails after reading");
    });
    awaitCondition(() -> stores.groupCommit().queued() == 2);
    release.countDown();

    stages.get(10, TimeUnit.SECONDS);
    assertThatThrownBy(() -> fails.get(10, TimeUnit.SECONDS)).cause().hasMessage("fails after reading");
    assertThat(runs).as("each write ran once").hasValue(2);
    assertThat(stores.conversations().findById(new ConversationId("shared")).orElseThrow().title()).isEqualTo("staged");
  }

  @Test
  void aWriteWhoseStagedRowsAReadWroteBeforeItFailedLeavesNothingBehind() {
    stores.transactions().write(() -> {
      stores.conversations().save(group("shared"));
      return null;
    });
    assertThatThrownBy(() -> stores.transactions().write(() -> {
      Conversation shared = stores.conversations().findById(new ConversationId("shared")).orElseThrow();
      stores.conversations().save(shared.retitled("staged, then written by a read", NOW));
      stores.conversations().findById(new ConversationId("absent"));
      throw new IllegalArgumentException("fails after its row was written");
    })).hasMessage("fails after its row was written");
    assertThat(stores.conversations().findById(new ConversationId("shared"))).contains(group("shared"));
  }

  @Test
  void whenTheCommitFailsEveryWriteOfTheBatchFailsAndTheWriterGoesOn() throws Exception {
    CountDownLatch release = blockWriter();
    Future<Object> innocent = submitWrite(() -> stores.conversations().save(group("innocent")));
    Future<Object> culprit = submitWrite(() -> {
      // a foreign key checked only at COMMIT: the commit of the whole batch fails
      stores.database().current().execute("PRAGMA defer_foreign_keys = ON");
      stores.conversations().saveMember(new Member(new ConversationId("ghost"), new UserId("nobody"), Role.MEMBER,
          NOW, 0, 1));
    });
    awaitCondition(() -> stores.groupCommit().queued() == 2);
    release.countDown();

    assertThatThrownBy(() -> innocent.get(10, TimeUnit.SECONDS)).cause().isInstanceOf(SqliteStoreException.class)
        .hasMessageContaining("FOREIGN KEY");
    assertThatThrownBy(() -> culprit.get(10, TimeUnit.SECONDS)).cause().isInstanceOf(SqliteStoreException.class);
    assertThat(stores.conversations().findById(new ConversationId("innocent"))).isEmpty();

    submitWrite(() -> stores.conversations().save(group("after"))).get(10, TimeUnit.SECONDS);
    assertThat(stores.conversations().findById(new ConversationId("after"))).isPresent();
  }

  @Test
  void aWriteLockHeldElsewhereTooLongIsAPlainErrorAndTheWriterGoesOn() throws Exception {
    Path other = TestDatabases.newDirectory();
    SqliteSettings settings = TestDatabases.settings(other);
    SqliteSettings impatient = settings.withBusyTimeout(java.time.Duration.ofMillis(100));
    try (SqliteStores shared = SqliteStores.open(impatient);
        java.sql.Connection intruder = java.sql.DriverManager.getConnection("jdbc:sqlite:" + settings.file());
        java.sql.Statement lock = intruder.createStatement()) {
      lock.execute("BEGIN IMMEDIATE");
      assertThatThrownBy(() -> shared.transactions().write(() -> {
        shared.conversations().save(group("blocked"));
        return null;
      })).isInstanceOf(SqliteStoreException.class).hasMessageContaining("locked by another process");
      lock.execute("ROLLBACK");

      shared.transactions().write(() -> {
        shared.conversations().save(group("later"));
        return null;
      });
      assertThat(shared.conversations().findById(new ConversationId("later"))).isPresent();
      assertThat(shared.conversations().findById(new ConversationId("blocked"))).isEmpty();
    } finally {
      TestDatabases.delete(other);
    }
  }

  @Test
  void aNestedWriteRunsInlineAndItsFailureUndoesOnlyItself() {
    List<String> ran = new ArrayList<>();
    stores.transactions().write(() -> {
      stores.conversations().save(group("outer"));
      try {
        stores.transactions().write(() -> {
          stores.conversations().save(group("inner"));
          stores.transactions().afterCommit(() -> ran.add("inner"));
          throw new IllegalStateException("inner fails");
        });
      } catch (IllegalStateException expected) {
        // the outer write carries on without the inner one
      }
      stores.transactions().afterCommit(() -> ran.add("outer"));
      return null;
    });
    assertThat(stores.conversations().findById(new ConversationId("outer"))).isPresent();
    assertThat(stores.conversations().findById(new ConversationId("inner"))).isEmpty();
    assertThat(ran).containsExactly("outer");
  }

  @Test
  void afterCommitActionsKeepTheCommitOrderWhileAnEarlierBatchIsStillCompleting() throws Exception {
    stores.close();
    stores = SqliteStores.open(TestDatabases.settings(directory).withMaxBatch(1));
    long before = stores.groupCommit().load()[0];
    List<String> ran = java.util.Collections.synchronizedList(new ArrayList<>());
    CountDownLatch firstActionRunning = new CountDownLatch(1);
    CountDownLatch releaseFirstAction = new CountDownLatch(1);
    CountDownLatch releaseWriter = blockWriter();
    Future<Object> first = submitWrite(() -> stores.transactions().afterCommit(() -> {
      firstActionRunning.countDown();
      Latches.awaitQuietly(releaseFirstAction);
      ran.add("first");
    }));
    awaitCondition(() -> stores.groupCommit().queued() == 1);
    Future<Object> second = submitWrite(() -> stores.transactions().afterCommit(() -> ran.add("second")));
    awaitCondition(() -> stores.groupCommit().queued() == 2);
    releaseWriter.countDown();
    assertThat(firstActionRunning.await(10, TimeUnit.SECONDS)).isTrue();
    // the second write has committed with nothing queued behind it, while the first is still completing
    awaitCondition(() -> stores.groupCommit().load()[0] - before == 3);
    assertThat(ran).isEmpty();
    releaseFirstAction.countDown();
    first.get(10, TimeUnit.SECONDS);
    second.get(10, TimeUnit.SECONDS);
    assertThat(ran).containsExactly("first", "second");
  }

  @Test
  void aLoneWriteIsCompletedWithoutWaitingForAnotherThread() {
    List<String> threads = new ArrayList<>();
    stores.transactions().write(() -> {
      stores.transactions().afterCommit(() -> threads.add(Thread.currentThread().getName()));
      return null;
    });
    assertThat(threads).containsExactly("chatflow-sqlite-writer");
  }

  @Test
  void anAfterCommitActionThatWritesIsRefusedInsteadOfWaitingForItself() {
    List<Throwable> refused = new ArrayList<>();
    stores.transactions().write(() -> {
      stores.transactions().afterCommit(() -> {
        try {
          stores.transactions().write(() -> null);
        } catch (IllegalStateException e) {
          refused.add(e);
        }
      });
      return null;
    });
    assertThat(refused).singleElement().isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aWriteSeesItsOwnChangesAlsoThroughRead() {
    boolean seen = stores.transactions().write(() -> {
      stores.conversations().save(group("mine"));
      return stores.transactions().read(() -> stores.conversations().findById(new ConversationId("mine")))
          .isPresent();
    });
    assertThat(seen).isTrue();
  }

  @Test
  void aReadTransactionSeesOneSnapshotWhileWritesCommit() throws Exception {
    stores.transactions().write(() -> {
      stores.conversations().save(group("a"));
      return null;
    });
    List<Boolean> seen = stores.transactions().read(() -> {
      boolean first = stores.conversations().findById(new ConversationId("a")).isPresent();
      try {
        submitWrite(() -> stores.conversations().save(group("b"))).get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      boolean second = stores.conversations().findById(new ConversationId("b")).isPresent();
      return List.of(first, second);
    });
    assertThat(seen).containsExactly(true, false);
    assertThat(stores.conversations().findById(new ConversationId("b"))).isPresent();
  }

  @Test
  void writesAndCommitActionsOutsideAWriteAreRefused() {
    assertThatThrownBy(() -> stores.transactions().afterCommit(() -> { }))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> stores.transactions().read(() -> {
      stores.conversations().save(group("in-a-read"));
      return null;
    })).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void closingFinishesQueuedWritesThenRefusesNewOnes() throws Exception {
    CountDownLatch release = blockWriter();
    Future<Object> queued = submitWrite(() -> stores.conversations().save(group("queued")));
    awaitCondition(() -> stores.groupCommit().queued() == 1);
    Future<?> closing = pool.submit(stores::close);
    awaitCondition(() -> stores.groupCommit().queued() == 2);
    release.countDown();
    closing.get(10, TimeUnit.SECONDS);
    queued.get(10, TimeUnit.SECONDS);
    assertThatThrownBy(() -> stores.transactions().write(() -> null)).isInstanceOf(IllegalStateException.class);

    try (SqliteStores reopened = SqliteStores.open(TestDatabases.settings(directory))) {
      assertThat(reopened.conversations().findById(new ConversationId("queued"))).isPresent();
    }
  }
}
