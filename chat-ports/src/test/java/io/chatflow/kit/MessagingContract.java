package io.chatflow.kit;

import io.chatflow.domain.conversation.Role;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatflow.domain.ConflictException;
import io.chatflow.domain.ForbiddenException;
import io.chatflow.domain.InvalidException;
import io.chatflow.domain.MalformedException;
import io.chatflow.domain.NotFoundException;
import io.chatflow.domain.Page;
import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.user.User;
import io.chatflow.ports.in.MessageQuery;
import io.chatflow.ports.in.MessageView;
import io.chatflow.ports.in.Messaging.Posted;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

public abstract class MessagingContract extends UseCaseTest {
  private User alice;
  private User bob;
  private User carol;
  private ConversationId team;

  @BeforeEach
  void conversation() {
    alice = register("alice");
    bob = register("bob");
    carol = register("carol");
    team = group(alice, bob, carol);
  }

  private List<Long> seqs(Page<MessageView> page) {
    return page.items().stream().map(m -> m.message().seq()).toList();
  }

  @Test
  void postsGetConsecutiveSeqsAndBodiesAreStoredAsSent() {
    MessageView first = post(bob, team, "  <img src=x onerror=alert(1)>\n");
    MessageView second = post(alice, team, "second");
    assertThat(first.message().seq()).isEqualTo(1);
    assertThat(second.message().seq()).isEqualTo(2);
    assertThat(first.message().body()).isEqualTo("  <img src=x onerror=alert(1)>\n");
    assertThat(first.sender().username().value()).isEqualTo("bob");
    assertThat(first.message().editedAt()).isNull();
    assertThat(first.message().deleted()).isFalse();
  }

  @Test
  void bodyLimitsApplyToTheTrimmedTextInCodePoints() {
    assertThatThrownBy(() -> post(alice, team, "   \n\t ")).isInstanceOf(InvalidException.class).hasMessageContaining("body");
    assertThatThrownBy(() -> post(alice, team, null)).isInstanceOf(InvalidException.class).hasMessageContaining("body");
    assertThatThrownBy(() -> post(alice, team, "x".repeat(10_001))).isInstanceOf(InvalidException.class);
    assertThat(post(alice, team, "  " + "😀".repeat(10_000) + "  ").message().seq()).isEqualTo(1);
    assertThat(core.messaging().list(alice.id(), team, MessageQuery.newest()).items()).hasSize(1);
  }

  @Test
  void postingTwiceWithTheSameClientIdCreatesOneMessage() {
    Posted first = core.messaging().post(alice.id(), team, "hello", "c-1");
    Posted again = core.messaging().post(alice.id(), team, "hello (retry)", "c-1");
    Posted bobs = core.messaging().post(bob.id(), team, "hello", "c-1");
    assertThat(first.created()).isTrue();
    assertThat(again.created()).isFalse();
    assertThat(again.message()).isEqualTo(first.message());
    assertThat(bobs.created()).isTrue();
    assertThat(seqs(core.messaging().list(alice.id(), team, MessageQuery.newest()))).containsExactly(1L, 2L);
  }

  @Test
  void manyThreadsPostingIntoOneConversationGetSeqOneToNWithNoGapOrDuplicate() throws Exception {
    int threads = 8;
    int each = 40;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<List<Long>>> results = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      User sender = List.of(alice, bob, carol).get(t % 3);
      int thread = t;
      results.add(pool.submit(() -> {
        start.await();
        List<Long> mine = new ArrayList<>();
        for (int i = 0; i < each; i++) {
          mine.add(core.messaging().post(sender.id(), team, "t" + thread + " #" + i, "t" + thread + "-" + i).message().message().seq());
        }
        return mine;
      }));
    }
    start.countDown();
    List<Long> acknowledged = new ArrayList<>();
    for (Future<List<Long>> f : results) {
      acknowledged.addAll(f.get(60, TimeUnit.SECONDS));
    }
    pool.shutdown();
    int total = threads * each;
    assertThat(acknowledged).containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
    List<Long> stored = new ArrayList<>();
    String cursor = null;
    do {
      Page<MessageView> page = core.messaging().list(alice.id(), team, new MessageQuery(null, null, cursor, 200));
      stored.addAll(0, seqs(page));
      cursor = page.nextCursor();
    } while (cursor != null);
    assertThat(stored).isEqualTo(LongStream.rangeClosed(1, total).boxed().toList());
  }

  @Test
  void pagesGoBackwardsFromTheNewestAndForwardsAfterASeq() {
    for (int i = 1; i <= 7; i++) {
      post(alice, team, "m" + i);
    }
    Page<MessageView> newest = core.messaging().list(bob.id(), team, new MessageQuery(null, null, null, 3));
    assertThat(seqs(newest)).containsExactly(5L, 6L, 7L);
    Page<MessageView> older = core.messaging().list(bob.id(), team, new MessageQuery(null, null, newest.nextCursor(), 3));
    assertThat(seqs(older)).containsExactly(2L, 3L, 4L);
    Page<MessageView> oldest = core.messaging().list(bob.id(), team, new MessageQuery(null, null, older.nextCursor(), 3));
    assertThat(seqs(oldest)).containsExactly(1L);
    assertThat(oldest.nextCursor()).isNull();

    assertThat(seqs(core.messaging().list(bob.id(), team, new MessageQuery(5L, null, null, 2)))).containsExactly(3L, 4L);
    Page<MessageView> after = core.messaging().list(bob.id(), team, new MessageQuery(null, 2L, null, 3));
    assertThat(seqs(after)).containsExactly(3L, 4L, 5L);
    Page<MessageView> next = core.messaging().list(bob.id(), team, new MessageQuery(null, null, after.nextCursor(), 3));
    assertThat(seqs(next)).containsExactly(6L, 7L);
    assertThat(next.nextCursor()).isNull();
  }

  @Test
  void badPageQueriesAreRefused() {
    assertThatThrownBy(() -> core.messaging().list(bob.id(), team, new MessageQuery(5L, 2L, null, null))).isInstanceOf(InvalidException.class);
    assertThatThrownBy(() -> core.messaging().list(bob.id(), team, new MessageQuery(null, -1L, null, null))).isInstanceOf(InvalidException.class);
    assertThatThrownBy(() -> core.messaging().list(bob.id(), team, new MessageQuery(null, null, null, 0))).isInstanceOf(InvalidException.class);
    assertThatThrownBy(() -> core.messaging().list(bob.id(), team, new MessageQuery(null, null, "%%%", null))).isInstanceOf(MalformedException.class);
  }

  @Test
  void onlyTheSenderEditsAndEditingSetsEditedAt() {
    post(alice, team, "hello");
    assertThatThrownBy(() -> core.messaging().edit(bob.id(), team, 1, "hacked")).isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> core.messaging().edit(alice.id(), team, 9, "nope")).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> core.messaging().edit(alice.id(), team, 1, " ")).isInstanceOf(InvalidException.class);
    MessageView edited = core.messaging().edit(alice.id(), team, 1, "hello, world");
    assertThat(edited.message().body()).isEqualTo("hello, world");
    assertThat(edited.message().editedAt()).isNotNull();
  }

  @Test
  void deletingLeavesATombstoneAndIsForTheSenderOwnersAndAdmins() {
    post(bob, team, "one");
    post(carol, team, "two");
    post(bob, team, "three");
    assertThatThrownBy(() -> core.messaging().delete(carol.id(), team, 1)).isInstanceOf(ForbiddenException.class);
    MessageView tombstone = core.messaging().delete(bob.id(), team, 1);
    assertThat(tombstone.message().deleted()).isTrue();
    assertThat(tombstone.message().body()).isEmpty();
    assertThat(core.messaging().delete(alice.id(), team, 2).message().deleted()).isTrue();
    core.conversations().changeRole(alice.id(), team, carol.id(), Role.ADMIN);
    assertThat(core.messaging().delete(carol.id(), team, 3).message().deleted()).isTrue();
    assertThat(seqs(core.messaging().list(alice.id(), team, MessageQuery.newest()))).containsExactly(1L, 2L, 3L);
    assertThatThrownBy(() -> core.messaging().edit(bob.id(), team, 1, "back")).isInstanceOf(ConflictException.class);
  }

  @Test
  void readMarkersMoveForwardOnlyAndUnreadIgnoresOwnAndDeletedMessages() {
    post(alice, team, "a1");
    post(bob, team, "b1");
    post(alice, team, "a2");
    post(bob, team, "b2");
    assertThat(core.messaging().markRead(carol.id(), team, 0).unreadCount()).isEqualTo(4);
    assertThat(core.messaging().markRead(carol.id(), team, 3).unreadCount()).isEqualTo(1);
    var back = core.messaging().markRead(carol.id(), team, 1);
    assertThat(back.seq()).isEqualTo(3);
    assertThat(back.unreadCount()).isEqualTo(1);
    assertThatThrownBy(() -> core.messaging().markRead(carol.id(), team, 5)).isInstanceOf(InvalidException.class);
    assertThatThrownBy(() -> core.messaging().markRead(carol.id(), team, -1)).isInstanceOf(InvalidException.class);

    // alice's own posts moved her marker to 3: only bob's b2 is unread for her
    assertThat(core.conversations().get(alice.id(), team).summary().unreadCount()).isEqualTo(1);
    core.messaging().delete(bob.id(), team, 4);
    assertThat(core.conversations().get(alice.id(), team).summary().unreadCount()).isZero();
  }

  @Test
  void aRemovedMemberLosesAccessToTheHistory() {
    post(alice, team, "before");
    core.conversations().removeMember(alice.id(), team, bob.id());
    assertThatThrownBy(() -> core.messaging().list(bob.id(), team, MessageQuery.newest())).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> post(bob, team, "still here?")).isInstanceOf(NotFoundException.class);
  }
}
