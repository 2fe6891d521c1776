package io.chatflow.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatflow.domain.conversation.Conversation;
import io.chatflow.domain.conversation.Role;
import io.chatflow.domain.event.Event;
import io.chatflow.domain.event.EventCursor;
import io.chatflow.domain.event.EventType;
import io.chatflow.domain.user.User;
import io.chatflow.ports.out.EventStore;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

public abstract class EventStoreContract extends StoreTest {
  private User alice;
  private User bob;
  private Conversation group;

  @BeforeEach
  void conversation() {
    alice = savedUser("alice");
    bob = savedUser("bob");
    group = savedGroup("Team");
  }

  private Event append(Event draft) {
    return write(() -> stores.events().append(draft));
  }

  private Event broadcast() {
    return append(Event.ofConversation(EventType.CONVERSATION_UPDATED, group.id(), null, clock.instant()));
  }

  private List<Long> positionsFor(User user, long after) {
    return read(() -> stores.events().readFor(user.id(), new EventCursor(after), 100)).stream()
        .map(Event::position).toList();
  }

  @Test
  void appendedEventsGetGrowingPositionsAndKeepTheirFields() {
    assertThat(read(() -> stores.events().head())).isEqualTo(EventCursor.START);
    savedMember(group, alice, Role.OWNER, 0);
    var member = read(() -> stores.conversations().findMember(group.id(), alice.id())).orElseThrow();
    Event first = append(Event.ofMember(EventType.MEMBER_UPDATED, member, null, clock.instant()));
    Event second = append(Event.ofRead(group.id(), alice.id(), 7, clock.instant()));

    assertThat(second.position()).isGreaterThan(first.position());
    assertThat(read(() -> stores.events().head())).isEqualTo(second.cursor());
    assertThat(read(() -> stores.events().readFor(alice.id(), EventCursor.START, 10))).containsExactly(first, second);
  }

  @Test
  void membersGetBroadcastEventsFromWhenTheyJoined() {
    Event before = broadcast();
    savedMember(group, alice, Role.OWNER, 0);
    Event joinedAt = broadcast();
    savedMember(group, bob, Role.MEMBER, joinedAt.position() + 1);
    Event later = broadcast();

    assertThat(positionsFor(alice, 0)).containsExactly(before.position(), joinedAt.position(), later.position());
    assertThat(positionsFor(bob, 0)).containsExactly(later.position());
    assertThat(positionsFor(alice, joinedAt.position())).containsExactly(later.position());
  }

  @Test
  void addressedEventsGoOnlyToTheirRecipientMemberOrNot() {
    savedMember(group, alice, Role.OWNER, 0);
    Event forBob = append(Event.ofConversation(EventType.CONVERSATION_CREATED, group.id(), bob.id(), clock.instant()));
    Event forAlice = append(Event.ofRead(group.id(), alice.id(), 1, clock.instant()));

    assertThat(positionsFor(bob, 0)).containsExactly(forBob.position());
    assertThat(positionsFor(alice, 0)).containsExactly(forAlice.position());
  }

  @Test
  void aFormerMemberKeepsWhatHappenedWhileTheyWereInAndGetsNothingMore() {
    savedMember(group, alice, Role.OWNER, 0);
    savedMember(group, bob, Role.MEMBER, 0);
    Event first = broadcast();
    Event seen = broadcast();
    write(() -> stores.conversations().deleteMember(group.id(), bob.id(), seen.position()));
    broadcast();
    assertThat(positionsFor(bob, 0)).containsExactly(first.position(), seen.position());
    assertThat(positionsFor(bob, first.position())).containsExactly(seen.position());
    assertThat(positionsFor(bob, seen.position())).isEmpty();
    assertThat(positionsFor(alice, seen.position())).hasSize(1);
  }

  @Test
  void aMemberAddedAgainKeepsBothMembershipsButNotTheGapBetween() {
    savedMember(group, alice, Role.OWNER, 0);
    savedMember(group, bob, Role.MEMBER, 0);
    Event in = broadcast();
    write(() -> stores.conversations().deleteMember(group.id(), bob.id(), in.position()));
    Event gap = broadcast();
    savedMember(group, bob, Role.MEMBER, gap.position() + 1);
    Event back = broadcast();
    assertThat(positionsFor(bob, 0)).containsExactly(in.position(), back.position());
    assertThat(positionsFor(alice, 0)).containsExactly(in.position(), gap.position(), back.position());
  }

  @Test
  void readingIsLimitedAndResumable() {
    savedMember(group, alice, Role.OWNER, 0);
    for (int i = 0; i < 7; i++) {
      broadcast();
    }
    List<Event> page = read(() -> stores.events().readFor(alice.id(), EventCursor.START, 5));
    assertThat(page).hasSize(5);
    assertThat(read(() -> stores.events().readFor(alice.id(), page.get(4).cursor(), 5))).hasSize(2);
  }

  @Test
  void readingForSeveralUsersGivesEachWhatReadingForThemGives() {
    User carol = savedUser("carol");
    savedMember(group, alice, Role.OWNER, 0);
    savedMember(group, bob, Role.MEMBER, 0);
    Event both = broadcast();
    Event forCarol = append(Event.ofConversation(EventType.CONVERSATION_CREATED, group.id(), carol.id(), clock.instant()));
    write(() -> stores.conversations().deleteMember(group.id(), bob.id(), forCarol.position()));
    Event aliceOnly = broadcast();
    Event forAlice = append(Event.ofRead(group.id(), alice.id(), 1, clock.instant()));

    var all = read(() -> stores.events().readForEach(Set.of(alice.id(), bob.id(), carol.id()), EventCursor.START, 100));
    assertThat(all).extracting(p -> p.event().position()).isSorted();
    for (User user : List.of(alice, bob, carol)) {
      assertThat(all).filteredOn(p -> p.user().equals(user.id())).extracting(EventStore.ForUser::event)
          .containsExactlyElementsOf(read(() -> stores.events().readFor(user.id(), EventCursor.START, 100)));
    }
    assertThat(all).hasSize(5); // alice 3, bob 1 (from before he left), carol 1
    assertThat(read(() -> stores.events().readForEach(Set.of(alice.id(), bob.id()), both.cursor(), 100)))
        .extracting(p -> p.event().position()).containsExactly(aliceOnly.position(), forAlice.position());
  }

  @Test
  void readingForSeveralUsersStopsAtTheLimitWholeBelowTheLastPosition() {
    savedMember(group, alice, Role.OWNER, 0);
    savedMember(group, bob, Role.MEMBER, 0);
    Event first = broadcast();
    Event second = broadcast();
    broadcast();

    var page = read(() -> stores.events().readForEach(Set.of(alice.id(), bob.id()), EventCursor.START, 3));
    assertThat(page).hasSize(3);
    // both users' first event, then one of the two at the second position
    assertThat(page).extracting(p -> p.event().position())
        .containsExactly(first.position(), first.position(), second.position());
    assertThat(page.subList(0, 2)).extracting(EventStore.ForUser::user).containsExactlyInAnyOrder(alice.id(), bob.id());
  }

  @Test
  void aRolledBackAppendLeavesNoEvent() {
    savedMember(group, alice, Role.OWNER, 0);
    assertThatThrownBy(() -> write(() -> {
      stores.events().append(Event.ofConversation(EventType.CONVERSATION_UPDATED, group.id(), null, clock.instant()));
      throw new IllegalStateException("boom");
    })).hasMessage("boom");
    assertThat(positionsFor(alice, 0)).isEmpty();
    assertThat(read(() -> stores.events().head())).isEqualTo(EventCursor.START);
  }

  @Test
  void pruningDropsOldEventsAndMovesTheHorizon() {
    savedMember(group, alice, Role.OWNER, 0);
    Event old1 = broadcast();
    Event old2 = broadcast();
    clock.advance(Duration.ofDays(10));
    var cutoff = clock.instant();
    clock.advance(Duration.ofSeconds(1));
    Event fresh = broadcast();

    assertThat(read(() -> stores.events().horizon())).isEqualTo(EventCursor.START);
    assertThat(stores.events().prune(cutoff)).isEqualTo(2);
    assertThat(read(() -> stores.events().horizon())).isEqualTo(old2.cursor());
    assertThat(positionsFor(alice, 0)).containsExactly(fresh.position());
    assertThat(old1.position()).isLessThan(old2.position());
    assertThat(stores.events().prune(cutoff)).isZero();
    assertThat(read(() -> stores.events().head())).isEqualTo(fresh.cursor());
  }
}
