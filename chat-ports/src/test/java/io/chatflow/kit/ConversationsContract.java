package io.chatflow.kit;

import io.chatflow.domain.conversation.Kind;
import io.chatflow.ports.in.NewConversation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatflow.domain.ConflictException;
import io.chatflow.domain.ForbiddenException;
import io.chatflow.domain.InvalidException;
import io.chatflow.domain.MalformedException;
import io.chatflow.domain.NotFoundException;
import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.conversation.Role;
import io.chatflow.domain.user.User;
import io.chatflow.domain.user.UserId;
import io.chatflow.ports.in.ConversationSummary;
import io.chatflow.ports.in.Conversations.Created;
import io.chatflow.ports.in.MemberView;
import io.chatflow.ports.in.MessageQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

public abstract class ConversationsContract extends UseCaseTest {
  private User alice;
  private User bob;
  private User carol;
  private User dave;

  @BeforeEach
  void people() {
    alice = register("alice");
    bob = register("bob");
    carol = register("carol");
    dave = register("dave");
  }

  private Role roleOf(ConversationId id, User user) {
    return core.conversations().get(user.id(), id).members().stream()
        .filter(m -> m.user().id().equals(user.id())).map(MemberView::role).findFirst().orElseThrow();
  }

  @Test
  void theCreatorOwnsANewGroupAndEveryMemberIsListed() {
    Created created = core.conversations().create(alice.id(), new NewConversation(Kind.GROUP, " Team ", List.of(bob.id(), carol.id(), alice.id())));
    assertThat(created.created()).isTrue();
    ConversationSummary summary = created.conversation().summary();
    assertThat(summary.role()).isEqualTo(Role.OWNER);
    assertThat(summary.conversation().title()).isEqualTo("Team");
    assertThat(summary.memberCount()).isEqualTo(3);
    assertThat(summary.conversation().lastSeq()).isZero();
    assertThat(summary.lastMessage()).isNull();
    assertThat(summary.peer()).as("a group has no peer").isNull();
    assertThat(summary.readSeq()).isZero();
    assertThat(created.conversation().members()).extracting(m -> m.user().username().value(), MemberView::role)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("alice", Role.OWNER),
            org.assertj.core.groups.Tuple.tuple("bob", Role.MEMBER),
            org.assertj.core.groups.Tuple.tuple("carol", Role.MEMBER));
  }

  @Test
  void creatingWithUnknownMembersOrBadValuesIsInvalidAndLeavesNothing() {
    assertThatThrownBy(() -> core.conversations().create(alice.id(), new NewConversation(Kind.GROUP, "T", List.of(new UserId("ghost")))))
        .isInstanceOf(InvalidException.class).hasMessageContaining("memberIds");
    assertThatThrownBy(() -> NewConversation.of("channel", "  ", null))
        .isInstanceOf(InvalidException.class).hasMessageContainingAll("kind", "title", "memberIds");
    assertThatThrownBy(() -> core.conversations().create(alice.id(), new NewConversation(Kind.GROUP, "  ", List.of())))
        .isInstanceOf(InvalidException.class).hasMessageContaining("title");
    assertThat(core.conversations().list(alice.id(), null, null).items()).isEmpty();
    assertThat(core.events().read(alice.id(), io.chatflow.domain.event.EventCursor.START, 10).events()).isEmpty();
  }

  @Test
  void aDirectConversationIsUniquePerPairAndAskingAgainReturnsIt() {
    Created first = core.conversations().create(alice.id(), new NewConversation(Kind.DIRECT, null, List.of(bob.id())));
    Created again = core.conversations().create(bob.id(), new NewConversation(Kind.DIRECT, null, List.of(alice.id())));
    assertThat(first.created()).isTrue();
    assertThat(again.created()).isFalse();
    assertThat(again.conversation().summary().conversation().id()).isEqualTo(first.conversation().summary().conversation().id());
    assertThat(again.conversation().summary().role()).isEqualTo(Role.MEMBER);
    assertThat(first.conversation().summary().peer()).isEqualTo(bob);
    assertThat(again.conversation().summary().peer()).isEqualTo(alice);
  }

  @Test
  void aDirectConversationHasExactlyTwoPeopleAndNoTitle() {
    assertThatThrownBy(() -> core.conversations().create(alice.id(), new NewConversation(Kind.DIRECT, null, List.of(bob.id(), carol.id()))))
        .isInstanceOf(InvalidException.class);
    assertThatThrownBy(() -> core.conversations().create(alice.id(), new NewConversation(Kind.DIRECT, null, List.of(alice.id()))))
        .isInstanceOf(InvalidException.class);
    assertThatThrownBy(() -> core.conversations().create(alice.id(), new NewConversation(Kind.DIRECT, "Hi", List.of(bob.id()))))
        .isInstanceOf(InvalidException.class).hasMessageContaining("title");
    ConversationId direct = direct(alice, bob);
    assertThatThrownBy(() -> core.conversations().addMember(alice.id(), direct, carol.id(), null))
        .isInstanceOf(InvalidException.class);
    assertThatThrownBy(() -> core.conversations().rename(alice.id(), direct, "Name"))
        .isInstanceOf(InvalidException.class);
    assertThatThrownBy(() -> core.conversations().removeMember(alice.id(), direct, alice.id()))
        .isInstanceOf(InvalidException.class);
  }

  @Test
  void racingDirectCreationYieldsOneConversation() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Created>> results = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      User from = i % 2 == 0 ? alice : bob;
      User to = i % 2 == 0 ? bob : alice;
      results.add(pool.submit(() -> {
        start.await();
        return core.conversations().create(from.id(), new NewConversation(Kind.DIRECT, null, List.of(to.id())));
      }));
    }
    start.countDown();
    Set<ConversationId> ids = ConcurrentHashMap.newKeySet();
    int created = 0;
    for (Future<Created> f : results) {
      Created c = f.get(30, TimeUnit.SECONDS);
      ids.add(c.conversation().summary().conversation().id());
      created += c.created() ? 1 : 0;
    }
    pool.shutdown();
    assertThat(ids).hasSize(1);
    assertThat(created).isEqualTo(1);
    assertThat(core.conversations().list(alice.id(), null, null).items()).hasSize(1);
  }

  @Test
  void aNonMemberIsToldEveryConversationRouteIsNotFound() {
    ConversationId id = group(alice, bob);
    List<ThrowingCallable> calls = List.of(
        () -> core.conversations().get(dave.id(), id),
        () -> core.conversations().rename(dave.id(), id, "Mine"),
        () -> core.conversations().members(dave.id(), id, null, null),
        () -> core.conversations().addMember(dave.id(), id, dave.id(), null),
        () -> core.conversations().changeRole(dave.id(), id, bob.id(), Role.ADMIN),
        () -> core.conversations().removeMember(dave.id(), id, bob.id()),
        () -> core.messaging().post(dave.id(), id, "hi", null),
        () -> core.messaging().list(dave.id(), id, MessageQuery.newest()),
        () -> core.messaging().edit(dave.id(), id, 1, "x"),
        () -> core.messaging().delete(dave.id(), id, 1),
        () -> core.messaging().markRead(dave.id(), id, 0),
        () -> core.messaging().typing(dave.id(), id));
    for (ThrowingCallable call : calls) {
      assertThatThrownBy(call).isInstanceOf(NotFoundException.class).hasMessage("conversation not found");
    }
    assertThatThrownBy(() -> core.conversations().get(alice.id(), new ConversationId("nope")))
        .isInstanceOf(NotFoundException.class).hasMessage("conversation not found");
  }

  @Test
  void onlyOwnersAndAdminsRenameAndAddAndOnlyOwnersGrantAdmin() {
    ConversationId id = group(alice, bob, carol);
    assertThatThrownBy(() -> core.conversations().rename(bob.id(), id, "Bob's")).isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> core.conversations().addMember(bob.id(), id, dave.id(), null)).isInstanceOf(ForbiddenException.class);
    core.conversations().changeRole(alice.id(), id, bob.id(), Role.ADMIN);
    assertThat(core.conversations().rename(bob.id(), id, "Renamed").conversation().title()).isEqualTo("Renamed");
    assertThatThrownBy(() -> core.conversations().addMember(bob.id(), id, dave.id(), Role.ADMIN)).isInstanceOf(ForbiddenException.class);
    assertThat(core.conversations().addMember(bob.id(), id, dave.id(), null).role()).isEqualTo(Role.MEMBER);
    assertThatThrownBy(() -> core.conversations().addMember(bob.id(), id, dave.id(), null)).isInstanceOf(ConflictException.class);
    assertThatThrownBy(() -> core.conversations().addMember(alice.id(), id, new UserId("ghost"), null))
        .isInstanceOf(InvalidException.class).hasMessageContaining("userId");
    assertThatThrownBy(() -> core.conversations().addMember(alice.id(), id, dave.id(), Role.OWNER))
        .isInstanceOf(InvalidException.class).hasMessageContaining("role");
    assertThatThrownBy(() -> core.conversations().changeRole(bob.id(), id, carol.id(), Role.ADMIN)).isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> core.conversations().changeRole(alice.id(), id, carol.id(), null)).isInstanceOf(InvalidException.class);
    assertThatThrownBy(() -> core.conversations().changeRole(alice.id(), id, alice.id(), Role.MEMBER)).isInstanceOf(InvalidException.class);
  }

  @Test
  void makingSomeoneOwnerHandsOwnershipOver() {
    ConversationId id = group(alice, bob);
    core.conversations().changeRole(alice.id(), id, bob.id(), Role.OWNER);
    assertThat(roleOf(id, bob)).isEqualTo(Role.OWNER);
    assertThat(roleOf(id, alice)).isEqualTo(Role.ADMIN);
  }

  @Test
  void removalRules() {
    ConversationId id = group(alice, bob, carol, dave);
    core.conversations().changeRole(alice.id(), id, bob.id(), Role.ADMIN);
    core.conversations().changeRole(alice.id(), id, carol.id(), Role.ADMIN);
    assertThatThrownBy(() -> core.conversations().removeMember(bob.id(), id, alice.id())).isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> core.conversations().removeMember(bob.id(), id, carol.id())).isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(() -> core.conversations().removeMember(dave.id(), id, bob.id())).isInstanceOf(ForbiddenException.class);
    core.conversations().removeMember(bob.id(), id, dave.id());
    assertThatThrownBy(() -> core.conversations().get(dave.id(), id)).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> core.conversations().removeMember(alice.id(), id, dave.id())).isInstanceOf(NotFoundException.class);
    core.conversations().removeMember(carol.id(), id, carol.id());
    assertThat(core.conversations().get(alice.id(), id).members()).hasSize(2);
  }

  @Test
  void whenTheOwnerLeavesTheLongestStandingAdminElseMemberOwns() {
    ConversationId id = group(alice, bob, carol, dave);
    core.conversations().changeRole(alice.id(), id, dave.id(), Role.ADMIN);
    core.conversations().changeRole(alice.id(), id, carol.id(), Role.ADMIN);
    core.conversations().removeMember(alice.id(), id, alice.id());
    assertThat(roleOf(id, carol)).isEqualTo(Role.OWNER);
    assertThat(roleOf(id, dave)).isEqualTo(Role.ADMIN);

    ConversationId other = group(alice, bob, carol);
    core.conversations().removeMember(alice.id(), other, alice.id());
    assertThat(roleOf(other, bob)).isEqualTo(Role.OWNER);
  }

  @Test
  void theListShowsMostRecentActivityFirstWithUnreadCountsInPages() {
    ConversationId first = group(alice, bob);
    ConversationId second = group(alice, bob);
    ConversationId third = direct(alice, bob);
    post(bob, first, "newest activity");
    post(bob, first, "and more");

    var page = core.conversations().list(alice.id(), null, 2);
    assertThat(page.items()).extracting(s -> s.conversation().id()).containsExactly(first, third);
    assertThat(page.items().get(0).unreadCount()).isEqualTo(2);
    assertThat(page.items().get(0).lastMessage().message().body()).isEqualTo("and more");
    assertThat(page.items().get(0).conversation().lastSeq()).isEqualTo(2);
    assertThat(page.items().get(1).lastMessage()).isNull();
    var rest = core.conversations().list(alice.id(), page.nextCursor(), 2);
    assertThat(rest.items()).extracting(s -> s.conversation().id()).containsExactly(second);
    assertThat(rest.nextCursor()).isNull();
    var bobsFirst = core.conversations().list(bob.id(), null, null).items().get(0);
    assertThat(bobsFirst.unreadCount()).isZero();
    assertThat(bobsFirst.readSeq()).as("posting moved bob's own marker").isEqualTo(2);
    assertThat(page.items().get(1).peer()).isEqualTo(bob);
    assertThatThrownBy(() -> core.conversations().list(alice.id(), "bm90LWEtY3Vyc29y", 2)).isInstanceOf(MalformedException.class);
  }

  @Test
  void membersArePagedInJoinOrder() {
    ConversationId id = group(alice, bob, carol, dave);
    var first = core.conversations().members(bob.id(), id, null, 3);
    assertThat(first.items()).extracting(m -> m.user().username().value()).containsExactly("alice", "bob", "carol");
    var rest = core.conversations().members(bob.id(), id, first.nextCursor(), 3);
    assertThat(rest.items()).extracting(m -> m.user().username().value()).containsExactly("dave");
    assertThat(rest.nextCursor()).isNull();
  }

  @Test
  void anUnknownCreatorIsNotFound() {
    User kim = register("kim");
    UserId ghost = new UserId("no-such-user");
    for (Kind kind : Kind.values()) {
      assertThatThrownBy(() -> core.conversations().create(ghost, new NewConversation(kind, null, List.of(kim.id()))))
          .as(kind.wireName()).isInstanceOf(NotFoundException.class);
    }
  }
}
