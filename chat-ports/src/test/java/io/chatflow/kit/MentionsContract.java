package io.chatflow.kit;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatflow.domain.Page;
import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.user.User;
import io.chatflow.ports.in.ConversationSummary;
import io.chatflow.ports.in.MessageView;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Mentions through the use cases, on the adapter's stores. */
public abstract class MentionsContract extends UseCaseTest {
  private User alice;
  private User bob;
  private User carol;
  private User dave;
  private ConversationId team;

  @BeforeEach
  void conversation() {
    alice = register("alice");
    bob = register("bob");
    carol = register("carol");
    dave = register("dave");
    team = group(alice, bob, carol);
  }

  private ConversationSummary summaryOf(User user, ConversationId id) {
    return core.conversations().get(user.id(), id).summary();
  }

  private static List<String> bodies(Page<MessageView> page) {
    return page.items().stream().map(m -> m.message().body()).toList();
  }

  @Test
  void aMessageNamesTheMembersItMentionsOnceEachAndNobodyElse() {
    MessageView m = post(alice, team, "@Bob and @carol, ask @dave (not here) and @bob again; mail x@bob.io");
    assertThat(m.message().mentions()).containsExactly(bob.id(), carol.id());
    assertThat(post(alice, team, "thanks @bob.").message().mentions()).containsExactly(bob.id());
    assertThat(post(alice, team, "no one here").message().mentions()).isEmpty();
  }

  @Test
  void mentionCountCountsUnreadMessagesThatMentionTheReaderExactly() {
    post(bob, team, "@bob talking to myself");
    post(alice, team, "@bob one");
    post(alice, team, "plain");
    post(carol, team, "@bob @bob two");
    assertThat(summaryOf(bob, team).mentionCount()).isEqualTo(2);
    assertThat(summaryOf(bob, team).unreadCount()).isEqualTo(3);
    assertThat(summaryOf(carol, team).mentionCount()).isZero();
    core.messaging().markRead(bob.id(), team, 2);
    assertThat(summaryOf(bob, team).mentionCount()).isEqualTo(1);
    core.messaging().delete(carol.id(), team, 4);
    assertThat(summaryOf(bob, team).mentionCount()).isZero();
  }

  @Test
  void anEditMentionsAnew() {
    post(alice, team, "hi @bob");
    MessageView edited = core.messaging().edit(alice.id(), team, 1, "hi @carol");
    assertThat(edited.message().mentions()).containsExactly(carol.id());
    assertThat(summaryOf(bob, team).mentionCount()).isZero();
    assertThat(summaryOf(carol, team).mentionCount()).isEqualTo(1);
    assertThat(bodies(core.messaging().mentions(bob.id(), null, null))).isEmpty();
    assertThat(bodies(core.messaging().mentions(carol.id(), null, null))).containsExactly("hi @carol");
  }

  @Test
  void theMentionsListIsNewestFirstAcrossConversationsAndPages() {
    ConversationId pair = direct(dave, bob);
    post(alice, team, "@bob first");
    post(dave, pair, "@bob second");
    post(carol, team, "@bob third");
    post(bob, team, "@bob mine");
    Page<MessageView> first = core.messaging().mentions(bob.id(), null, 2);
    assertThat(bodies(first)).containsExactly("@bob third", "@bob second");
    Page<MessageView> rest = core.messaging().mentions(bob.id(), first.nextCursor(), 2);
    assertThat(bodies(rest)).containsExactly("@bob first");
    assertThat(rest.nextCursor()).isNull();
  }

  @Test
  void aRemovedMemberNoLongerFindsTheirMentionsThere() {
    post(alice, team, "@bob before");
    core.conversations().removeMember(alice.id(), team, bob.id());
    assertThat(bodies(core.messaging().mentions(bob.id(), null, null))).isEmpty();
  }
}
