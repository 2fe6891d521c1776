package io.chatflow.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatflow.domain.ConflictException;
import io.chatflow.domain.conversation.Conversation;
import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.conversation.Member;
import io.chatflow.domain.conversation.Role;
import io.chatflow.domain.user.User;
import io.chatflow.ports.out.ConversationStore.ActivityKey;
import io.chatflow.ports.out.Membership;
import java.util.List;
import org.junit.jupiter.api.Test;

public abstract class ConversationStoreContract extends StoreTest {

  @Test
  void savedConversationIsFoundAndReplaced() {
    Conversation group = savedGroup("Team");
    assertThat(read(() -> stores.conversations().findById(group.id()))).contains(group);
    Conversation renamed = group.retitled("Crew", clock.instant());
    write(() -> stores.conversations().save(renamed));
    assertThat(read(() -> stores.conversations().findById(group.id()))).contains(renamed);
    assertThat(read(() -> stores.conversations().findById(new ConversationId("none")))).isEmpty();
  }

  @Test
  void aDirectConversationIsUniquePerPair() {
    User alice = savedUser("alice");
    User bob = savedUser("bob");
    Conversation first = Conversation.direct(new ConversationId("d1"), alice.id(), bob.id(), clock.instant());
    write(() -> stores.conversations().save(first));
    assertThat(read(() -> stores.conversations().findByDirectKey(Conversation.directKey(bob.id(), alice.id()))))
        .contains(first);

    Conversation second = Conversation.direct(new ConversationId("d2"), bob.id(), alice.id(), clock.instant());
    assertThatThrownBy(() -> write(() -> stores.conversations().save(second))).isInstanceOf(ConflictException.class);
    assertThat(read(() -> stores.conversations().findById(second.id()))).isEmpty();
  }

  @Test
  void membersAreSavedFoundListedInJoinOrderAndDeletedIdempotently() {
    Conversation group = savedGroup("Team");
    User alice = savedUser("alice");
    User bob = savedUser("bob");
    User carol = savedUser("carol");
    savedMember(group, carol, Role.MEMBER, 30);
    Member a = savedMember(group, alice, Role.OWNER, 10);
    savedMember(group, bob, Role.ADMIN, 20);

    assertThat(read(() -> stores.conversations().members(group.id())))
        .extracting(Member::userId).containsExactly(alice.id(), bob.id(), carol.id());
    assertThat(read(() -> stores.conversations().memberIds(group.id())))
        .containsExactlyInAnyOrder(alice.id(), bob.id(), carol.id());
    Member moved = a.readUpTo(5);
    write(() -> stores.conversations().saveMember(moved));
    assertThat(read(() -> stores.conversations().findMember(group.id(), alice.id()))).contains(moved);

    write(() -> stores.conversations().deleteMember(group.id(), bob.id(), 0));
    write(() -> stores.conversations().deleteMember(group.id(), bob.id(), 0));
    assertThat(read(() -> stores.conversations().findMember(group.id(), bob.id()))).isEmpty();
    assertThat(read(() -> stores.conversations().members(group.id()))).hasSize(2);
    assertThat(read(() -> stores.conversations().memberIds(group.id()))).containsExactlyInAnyOrder(alice.id(), carol.id());
  }

  @Test
  void conversationsOfAUserComeMostRecentFirstInPages() {
    User alice = savedUser("alice");
    User bob = savedUser("bob");
    Conversation old = savedGroup("old");
    Conversation mid = savedGroup("mid");
    Conversation recent = savedGroup("recent");
    Conversation notMine = savedGroup("not mine");
    long since = 1;
    for (Conversation c : List.of(old, mid, recent)) {
      savedMember(c, alice, Role.OWNER, since++);
    }
    savedMember(mid, bob, Role.MEMBER, since++);
    savedMember(notMine, bob, Role.OWNER, since);
    write(() -> stores.conversations().save(old.withMessage(1, clock.instant())));

    List<Membership> all = read(() -> stores.conversations().conversationsOf(alice.id(), null, 10));
    assertThat(all).extracting(m -> m.conversation().title()).containsExactly("old", "recent", "mid");
    assertThat(all).extracting(Membership::memberCount).containsExactly(1, 1, 2);
    assertThat(all).allSatisfy(m -> assertThat(m.member().userId()).isEqualTo(alice.id()));

    Conversation first = all.get(0).conversation();
    List<Membership> rest = read(() -> stores.conversations()
        .conversationsOf(alice.id(), new ActivityKey(first.lastActivityAt(), first.id()), 10));
    assertThat(rest).extracting(m -> m.conversation().title()).containsExactly("recent", "mid");
  }

  @Test
  void contactsAreEverybodySharingAConversation() {
    User alice = savedUser("alice");
    User bob = savedUser("bob");
    User carol = savedUser("carol");
    User dave = savedUser("dave");
    Conversation one = savedGroup("one");
    Conversation two = savedGroup("two");
    Conversation three = savedGroup("three");
    savedMember(one, alice, Role.OWNER, 1);
    savedMember(one, bob, Role.MEMBER, 2);
    savedMember(two, alice, Role.OWNER, 3);
    savedMember(two, bob, Role.MEMBER, 4);
    savedMember(two, carol, Role.MEMBER, 5);
    savedMember(three, dave, Role.OWNER, 6);

    assertThat(read(() -> stores.conversations().contactsOf(alice.id())))
        .containsExactlyInAnyOrder(bob.id(), carol.id());
  }
}
