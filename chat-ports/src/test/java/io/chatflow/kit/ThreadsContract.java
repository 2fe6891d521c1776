package io.chatflow.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatflow.domain.InvalidException;
import io.chatflow.domain.NotFoundException;
import io.chatflow.domain.Page;
import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.event.EventCursor;
import io.chatflow.domain.event.EventType;
import io.chatflow.domain.message.Message;
import io.chatflow.domain.user.User;
import io.chatflow.ports.in.DeliveredEvent;
import io.chatflow.ports.in.MessageQuery;
import io.chatflow.ports.in.MessageView;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Replies in threads through the use cases, on the adapter's stores. */
public abstract class ThreadsContract extends UseCaseTest {
  private User alice;
  private User bob;
  private User carol;
  private ConversationId team;

  @BeforeEach
  void conversation() {
    alice = register("alice");
    bob = register("bob");
    carol = register("carol");
    team = group(alice, bob);
    post(alice, team, "root");
  }

  private MessageView reply(User sender, long to, String body) {
    return core.messaging().post(sender.id(), team, body, null, to).message();
  }

  private Message at(long seq) {
    return messageAt(alice, team, seq).message();
  }

  private static List<Long> seqs(Page<MessageView> page) {
    return page.items().stream().map(m -> m.message().seq()).toList();
  }

  @Test
  void aReplyIsAnOrdinaryMessageWithItsOwnSeqAndTheRootCountsIt() {
    post(bob, team, "aside");
    MessageView first = reply(bob, 1, "first reply");
    MessageView second = reply(alice, 1, "second reply");
    assertThat(first.message().seq()).isEqualTo(3);
    assertThat(first.message().replyTo()).isEqualTo(1);
    assertThat(second.message().seq()).isEqualTo(4);
    assertThat(at(1).replyCount()).isEqualTo(2);
    assertThat(at(1).lastReplyAt()).isEqualTo(second.message().createdAt());
    assertThat(at(1).replyTo()).isNull();
    assertThat(at(2).replyCount()).isZero();
    assertThat(seqs(core.messaging().list(alice.id(), team, MessageQuery.newest()))).containsExactly(1L, 2L, 3L, 4L);
  }

  @Test
  void aReplyToAReplyJoinsTheRootsThread() {
    reply(bob, 1, "reply");
    MessageView deeper = reply(alice, 2, "reply to the reply");
    assertThat(deeper.message().replyTo()).isEqualTo(1);
    assertThat(at(1).replyCount()).isEqualTo(2);
    assertThat(at(2).replyCount()).isZero();
    assertThat(seqs(core.messaging().replies(bob.id(), team, 2, MessageQuery.newest()))).containsExactly(2L, 3L);
  }

  @Test
  void theRepliesListPagesInAscendingSeqAndSkipsOtherMessages() {
    for (int i = 0; i < 5; i++) {
      reply(bob, 1, "r" + i);
      post(alice, team, "main " + i);
    }
    Page<MessageView> first = core.messaging().replies(bob.id(), team, 1, new MessageQuery(null, null, null, 2));
    assertThat(seqs(first)).containsExactly(2L, 4L);
    Page<MessageView> second = core.messaging().replies(bob.id(), team, 1, new MessageQuery(null, null, first.nextCursor(), 2));
    assertThat(seqs(second)).containsExactly(6L, 8L);
    Page<MessageView> last = core.messaging().replies(bob.id(), team, 1, new MessageQuery(null, null, second.nextCursor(), 2));
    assertThat(seqs(last)).containsExactly(10L);
    assertThat(last.nextCursor()).isNull();
    assertThat(seqs(core.messaging().replies(bob.id(), team, 1, new MessageQuery(null, 4L, null, null))))
        .containsExactly(6L, 8L, 10L);
  }

  @Test
  void anUnknownOrDeletedRootIsInvalid() {
    assertThatThrownBy(() -> reply(bob, 9, "to nothing")).isInstanceOf(InvalidException.class)
        .hasMessageContaining("replyTo");
    assertThatThrownBy(() -> reply(bob, 0, "to nothing")).isInstanceOf(InvalidException.class);
    core.messaging().delete(alice.id(), team, 1);
    assertThatThrownBy(() -> reply(bob, 1, "to a tombstone")).isInstanceOf(InvalidException.class)
        .hasMessageContaining("replyTo");
    assertThat(core.conversations().get(alice.id(), team).summary().conversation().lastSeq()).isEqualTo(1);
  }

  @Test
  void aNonMemberCannotReplyOrReadTheThread() {
    assertThatThrownBy(() -> reply(carol, 1, "hi")).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> core.messaging().replies(carol.id(), team, 1, MessageQuery.newest()))
        .isInstanceOf(NotFoundException.class).hasMessageContaining("conversation");
    assertThatThrownBy(() -> core.messaging().replies(bob.id(), team, 7, MessageQuery.newest()))
        .isInstanceOf(NotFoundException.class).hasMessageContaining("message");
  }

  @Test
  void aReplySendsMessageCreatedAndThenMessageUpdatedForItsRoot() {
    EventCursor start = core.events().head(alice.id());
    reply(bob, 1, "reply");
    List<DeliveredEvent> events = core.events().read(alice.id(), start, 100).events();
    assertThat(events).extracting(DeliveredEvent::type)
        .containsExactly(EventType.MESSAGE_CREATED, EventType.MESSAGE_UPDATED);
    Message root = ((MessageView) events.get(1).data()).message();
    assertThat(root.seq()).isEqualTo(1);
    assertThat(root.replyCount()).isEqualTo(1);
  }
}
