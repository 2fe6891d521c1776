package io.chatflow.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatflow.domain.ConflictException;
import io.chatflow.domain.NotFoundException;
import io.chatflow.domain.conversation.Conversation;
import io.chatflow.domain.conversation.Member;
import io.chatflow.domain.conversation.Role;
import io.chatflow.domain.event.Event;
import io.chatflow.domain.event.EventCursor;
import io.chatflow.domain.event.EventType;
import io.chatflow.domain.message.Message;
import io.chatflow.domain.message.MessageId;
import io.chatflow.domain.user.User;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

public abstract class MessageStoreContract extends StoreTest {
  private User alice;
  private User bob;
  private Conversation group;

  @BeforeEach
  void conversation() {
    alice = savedUser("alice");
    bob = savedUser("bob");
    group = savedGroup("Team");
  }

  private void post(int count) {
    write(() -> {
      for (int seq = 1; seq <= count; seq++) {
        stores.messages().insert(message(group, seq, seq % 2 == 0 ? bob : alice, "message " + seq));
      }
    });
  }

  @Test
  void aMessageIsFoundBySeqExactlyAsSaved() {
    Message m = message(group, 1, alice, "  <b>hi</b> \n");
    write(() -> stores.messages().insert(m));
    assertThat(read(() -> stores.messages().findBySeq(group.id(), 1))).contains(m);
    assertThat(read(() -> stores.messages().findBySeq(group.id(), 2))).isEmpty();
  }

  @Test
  void anEditReplacesTheMessageAtItsSeq() {
    Message m = message(group, 1, alice, "hi");
    write(() -> stores.messages().insert(m));
    Message edited = m.edited(alice.id(), "hello", clock.instant());
    write(() -> stores.messages().save(edited));
    assertThat(read(() -> stores.messages().findBySeq(group.id(), 1))).contains(edited);
  }

  @Test
  void aClientMessageIdIsFoundAndUniquePerSenderAndConversation() {
    Message first = new Message(new MessageId("m1"), group.id(), 1, alice.id(), "hi", clock.instant(), null, false, "c-1");
    write(() -> stores.messages().insert(first));
    assertThat(read(() -> stores.messages().findByClientMessageId(group.id(), alice.id(), "c-1"))).contains(first);
    assertThat(read(() -> stores.messages().findByClientMessageId(group.id(), bob.id(), "c-1"))).isEmpty();

    Message again = new Message(new MessageId("m2"), group.id(), 2, alice.id(), "hi", clock.instant(), null, false, "c-1");
    assertThatThrownBy(() -> write(() -> stores.messages().insert(again))).isInstanceOf(ConflictException.class);
    Message bobs = new Message(new MessageId("m3"), group.id(), 2, bob.id(), "hi", clock.instant(), null, false, "c-1");
    write(() -> stores.messages().insert(bobs));
  }

  @Test
  void pagesBeforeAndAfterASeqAreAscending() {
    post(10);
    assertThat(read(() -> stores.messages().before(group.id(), Long.MAX_VALUE, 3)))
        .extracting(Message::seq).containsExactly(8L, 9L, 10L);
    assertThat(read(() -> stores.messages().before(group.id(), 8, 3)))
        .extracting(Message::seq).containsExactly(5L, 6L, 7L);
    assertThat(read(() -> stores.messages().before(group.id(), 3, 5)))
        .extracting(Message::seq).containsExactly(1L, 2L);
    assertThat(read(() -> stores.messages().after(group.id(), 0, 3)))
        .extracting(Message::seq).containsExactly(1L, 2L, 3L);
    assertThat(read(() -> stores.messages().after(group.id(), 8, 5)))
        .extracting(Message::seq).containsExactly(9L, 10L);
    assertThat(read(() -> stores.messages().after(group.id(), 10, 5))).isEmpty();
  }

  @Test
  void unreadCountsOtherPeoplesLiveMessagesAfterTheMarker() {
    post(10);
    Member bobAsMember = new Member(group.id(), bob.id(), Role.MEMBER, clock.instant(), 0, 1);
    Message fifth = read(() -> stores.messages().findBySeq(group.id(), 5)).orElseThrow();
    write(() -> stores.messages().save(fifth.deletedBy(bobAsMember.withRole(Role.OWNER), clock.instant())));
    // alice sent the odd seqs 1,3,5,7,9 and bob the even ones
    assertThat(read(() -> stores.messages().countUnread(group.id(), 0, bob.id()))).isEqualTo(4);
    assertThat(read(() -> stores.messages().countUnread(group.id(), 6, bob.id()))).isEqualTo(2);
    assertThat(read(() -> stores.messages().countUnread(group.id(), 0, alice.id()))).isEqualTo(5);
    assertThat(read(() -> stores.messages().countUnread(group.id(), 10, alice.id()))).isZero();
  }

  @Test
  void anInsertReturnsItsCreatedEventAtThePositionReadersOfTheLogSee() {
    savedMember(group, alice, Role.OWNER, 0);
    Message first = message(group, 1, alice, "first");
    Message second = message(group, 2, bob, "second");
    Event created = write(() -> stores.messages().insert(first));
    Event between = write(() -> stores.events().append(
        Event.ofConversation(EventType.CONVERSATION_UPDATED, group.id(), null, clock.instant())));
    List<Event> both = write(() -> List.of(stores.messages().insert(second),
        stores.events().append(Event.ofRead(group.id(), alice.id(), 2, clock.instant()))));

    assertThat(created).isEqualTo(Event.ofMessage(EventType.MESSAGE_CREATED, first, first.createdAt())
        .at(created.position()));
    assertThat(created.position()).isPositive().isLessThan(between.position());
    assertThat(both.get(0).position()).isGreaterThan(between.position()).isLessThan(both.get(1).position());
    assertThat(read(() -> stores.events().readFor(alice.id(), EventCursor.START, 10)))
        .containsExactly(created, between, both.get(0), both.get(1));
    assertThat(read(() -> stores.events().head())).isEqualTo(both.get(1).cursor());
  }

  @Test
  void anEditOrDeletionTakesNoPositionAndNeedsItsMessage() {
    Message m = message(group, 1, alice, "hi");
    Event created = write(() -> stores.messages().insert(m));
    write(() -> stores.messages().save(m.edited(alice.id(), "hello", clock.instant())));
    assertThat(read(() -> stores.events().head())).isEqualTo(created.cursor());

    assertThatThrownBy(() -> write(() -> stores.messages().save(message(group, 2, alice, "never posted"))))
        .isInstanceOf(NotFoundException.class);
    assertThat(read(() -> stores.messages().findBySeq(group.id(), 2))).isEmpty();
  }

  @Test
  void aSecondInsertAtATakenSeqIsAConflictAndTakesNoPosition() {
    Message m = message(group, 1, alice, "hi");
    Event created = write(() -> stores.messages().insert(m));
    assertThatThrownBy(() -> write(() -> stores.messages().insert(message(group, 1, bob, "again"))))
        .isInstanceOf(ConflictException.class);
    assertThat(read(() -> stores.messages().findBySeq(group.id(), 1))).contains(m);
    assertThat(read(() -> stores.events().head())).isEqualTo(created.cursor());
  }

  @Test
  void aMessageCreatedEventIsNotAppendedOnItsOwn() {
    Message m = message(group, 1, alice, "hi");
    write(() -> stores.messages().insert(m));
    assertThatThrownBy(() -> write(() -> stores.events().append(
        Event.ofMessage(EventType.MESSAGE_CREATED, m, m.createdAt())))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aReplyAndItsRootsCountsAndMentionsComeBackExactlyAsSaved() {
    Message root = message(group, 1, alice, "root @bob").mentioning(List.of(bob.id(), alice.id()));
    write(() -> stores.messages().insert(root));
    Message reply = message(group, 2, bob, "reply").inThreadOf(root);
    Message counted = root.withReply(reply.createdAt());
    write(() -> {
      stores.messages().insert(reply);
      stores.messages().save(counted);
    });
    assertThat(read(() -> stores.messages().findBySeq(group.id(), 1))).contains(counted);
    assertThat(read(() -> stores.messages().findBySeq(group.id(), 2))).contains(reply);
    assertThat(read(() -> stores.messages().replies(group.id(), 1, 0, 10))).containsExactly(reply);
    assertThat(read(() -> stores.messages().replies(group.id(), 1, 2, 10))).isEmpty();
  }

  @Test
  void reactionsComeInOrderOfFirstUseForManyMessagesInOneRead() {
    post(3);
    write(() -> {
      assertThat(stores.messages().addReaction(group.id(), 1, "b", alice.id(), clock.instant())).isTrue();
      assertThat(stores.messages().addReaction(group.id(), 1, "a", bob.id(), clock.instant())).isTrue();
      assertThat(stores.messages().addReaction(group.id(), 1, "b", bob.id(), clock.instant())).isTrue();
      assertThat(stores.messages().addReaction(group.id(), 1, "b", bob.id(), clock.instant())).isFalse();
      stores.messages().addReaction(group.id(), 3, "👍", alice.id(), clock.instant());
    });
    var found = read(() -> stores.messages().reactions(group.id(), List.of(1L, 2L, 3L)));
    assertThat(found.keySet()).containsExactlyInAnyOrder(1L, 3L);
    assertThat(found.get(1L)).extracting(r -> r.emoji()).containsExactly("b", "a");
    assertThat(found.get(1L).get(0).users()).containsExactly(alice.id(), bob.id());
    assertThat(found.get(3L).get(0).users()).containsExactly(alice.id());
    assertThat(write(() -> stores.messages().removeReaction(group.id(), 1, "b", alice.id()))).isTrue();
    assertThat(write(() -> stores.messages().removeReaction(group.id(), 1, "b", alice.id()))).isFalse();
    assertThat(read(() -> stores.messages().reactions(group.id(), List.of(1L))).get(1L).get(0).users())
        .containsExactly(bob.id());
  }

  @Test
  void deletingAMessageDropsItsReactionsAndMentions() {
    savedMember(group, bob, Role.MEMBER, 0);
    Message m = message(group, 1, alice, "@bob").mentioning(List.of(bob.id()));
    write(() -> stores.messages().insert(m));
    write(() -> stores.messages().addReaction(group.id(), 1, "x", bob.id(), clock.instant()));
    assertThat(read(() -> stores.messages().countUnreadAndMentions(group.id(), 0, bob.id())).mentions()).isEqualTo(1);
    Message tombstone = m.deletedBy(new Member(group.id(), alice.id(), Role.OWNER, clock.instant(), 0, 0), clock.instant());
    write(() -> stores.messages().save(tombstone));
    assertThat(read(() -> stores.messages().reactions(group.id(), List.of(1L)))).isEmpty();
    assertThat(read(() -> stores.messages().countUnreadAndMentions(group.id(), 0, bob.id())))
        .isEqualTo(new io.chatflow.ports.out.MessageStore.Unread(0, 0));
    assertThat(read(() -> stores.messages().mentioning(bob.id(), null, 10))).isEmpty();
  }
}
