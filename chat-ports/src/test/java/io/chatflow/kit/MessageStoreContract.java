package io.chatflow.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatflow.domain.ConflictException;
import io.chatflow.domain.conversation.Conversation;
import io.chatflow.domain.conversation.Member;
import io.chatflow.domain.conversation.Role;
import io.chatflow.domain.message.Message;
import io.chatflow.domain.message.MessageId;
import io.chatflow.domain.user.User;
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
        stores.messages().save(message(group, seq, seq % 2 == 0 ? bob : alice, "message " + seq));
      }
    });
  }

  @Test
  void aMessageIsFoundBySeqExactlyAsSaved() {
    Message m = message(group, 1, alice, "  <b>hi</b> \n");
    write(() -> stores.messages().save(m));
    assertThat(read(() -> stores.messages().findBySeq(group.id(), 1))).contains(m);
    assertThat(read(() -> stores.messages().findBySeq(group.id(), 2))).isEmpty();
  }

  @Test
  void anEditReplacesTheMessageAtItsSeq() {
    Message m = message(group, 1, alice, "hi");
    write(() -> stores.messages().save(m));
    Message edited = m.edited(alice.id(), "hello", clock.instant());
    write(() -> stores.messages().save(edited));
    assertThat(read(() -> stores.messages().findBySeq(group.id(), 1))).contains(edited);
  }

  @Test
  void aClientMessageIdIsFoundAndUniquePerSenderAndConversation() {
    Message first = new Message(new MessageId("m1"), group.id(), 1, alice.id(), "hi", clock.instant(), null, false, "c-1");
    write(() -> stores.messages().save(first));
    assertThat(read(() -> stores.messages().findByClientMessageId(group.id(), alice.id(), "c-1"))).contains(first);
    assertThat(read(() -> stores.messages().findByClientMessageId(group.id(), bob.id(), "c-1"))).isEmpty();

    Message again = new Message(new MessageId("m2"), group.id(), 2, alice.id(), "hi", clock.instant(), null, false, "c-1");
    assertThatThrownBy(() -> write(() -> stores.messages().save(again))).isInstanceOf(ConflictException.class);
    Message bobs = new Message(new MessageId("m3"), group.id(), 2, bob.id(), "hi", clock.instant(), null, false, "c-1");
    write(() -> stores.messages().save(bobs));
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
}
