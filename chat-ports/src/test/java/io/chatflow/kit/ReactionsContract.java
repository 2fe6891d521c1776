package io.chatflow.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatflow.domain.ConflictException;
import io.chatflow.domain.InvalidException;
import io.chatflow.domain.NotFoundException;
import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.event.EventCursor;
import io.chatflow.domain.event.EventType;
import io.chatflow.domain.message.Reaction;
import io.chatflow.domain.user.User;
import io.chatflow.ports.in.DeliveredEvent;
import io.chatflow.ports.in.EventBatch;
import io.chatflow.ports.in.MessageView;
import io.chatflow.ports.in.ReactionChange;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reactions through the use cases, on the adapter's stores. */
public abstract class ReactionsContract extends UseCaseTest {
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
    post(alice, team, "hello");
  }

  private List<Reaction> reactionsOn(long seq) {
    return messageAt(bob, team, seq).reactions();
  }

  @Test
  void reactingTwiceIsOneReactionAndCountsComeInOrderOfFirstUse() {
    assertThat(core.messaging().react(bob.id(), team, 1, "👍").created()).isTrue();
    assertThat(core.messaging().react(bob.id(), team, 1, "👍").created()).isFalse();
    core.messaging().react(alice.id(), team, 1, "tada");
    core.messaging().react(alice.id(), team, 1, "👍");
    List<Reaction> reactions = reactionsOn(1);
    assertThat(reactions).extracting(Reaction::emoji).containsExactly("👍", "tada");
    assertThat(reactions.get(0).users()).containsExactly(bob.id(), alice.id());
    assertThat(reactions.get(1).users()).containsExactly(alice.id());
  }

  @Test
  void removingIsIdempotentAndAnEmojiNobodyHoldsDisappears() {
    core.messaging().react(bob.id(), team, 1, "👍");
    core.messaging().react(bob.id(), team, 1, "eyes");
    core.messaging().unreact(bob.id(), team, 1, "👍");
    core.messaging().unreact(bob.id(), team, 1, "👍");
    core.messaging().unreact(alice.id(), team, 1, "eyes");
    assertThat(reactionsOn(1)).extracting(Reaction::emoji).containsExactly("eyes");
    assertThat(reactionsOn(1).get(0).users()).containsExactly(bob.id());
  }

  @Test
  void aMessageTakesAtMostTwentyDifferentEmojiButMorePeopleOnThem() {
    IntStream.rangeClosed(1, 20).forEach(i -> core.messaging().react(bob.id(), team, 1, "e" + i));
    assertThatThrownBy(() -> core.messaging().react(bob.id(), team, 1, "e21"))
        .isInstanceOf(InvalidException.class).hasMessageContaining("emoji");
    assertThat(core.messaging().react(alice.id(), team, 1, "e20").created()).isTrue();
    assertThat(reactionsOn(1)).hasSize(20);
  }

  @Test
  void onlyEmojiAndShortCodesAreReactions() {
    for (String ok : List.of("👍", "👍🏽", "👨‍👩‍👧", "🇫🇷", "❤️", "1️⃣", "+1", "thumbs_up", "a-b")) {
      assertThat(core.messaging().react(bob.id(), team, 1, ok).created()).as(ok).isTrue();
    }
    for (String bad : List.of("", "👍👍", "ab c", "A", "x".repeat(33), "é", "<b>", "a👍")) {
      assertThatThrownBy(() -> core.messaging().react(bob.id(), team, 1, bad)).as(bad)
          .isInstanceOf(InvalidException.class);
    }
  }

  @Test
  void aNonMemberCannotReactOrSeeWhetherTheMessageExists() {
    assertThatThrownBy(() -> core.messaging().react(carol.id(), team, 1, "👍")).isInstanceOf(NotFoundException.class)
        .hasMessageContaining("conversation");
    assertThatThrownBy(() -> core.messaging().unreact(carol.id(), team, 1, "👍")).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> core.messaging().react(bob.id(), team, 99, "👍")).isInstanceOf(NotFoundException.class)
        .hasMessageContaining("message");
  }

  @Test
  void aDeletedMessageLosesItsReactionsAndTakesNoMore() {
    core.messaging().react(bob.id(), team, 1, "👍");
    core.messaging().delete(alice.id(), team, 1);
    assertThat(reactionsOn(1)).isEmpty();
    assertThatThrownBy(() -> core.messaging().react(bob.id(), team, 1, "👍")).isInstanceOf(ConflictException.class);
  }

  @Test
  void everyChangeIsAnEventForEveryMemberAndNoChangeIsNone() {
    EventCursor start = core.events().head(alice.id());
    core.messaging().react(bob.id(), team, 1, "👍");
    core.messaging().react(bob.id(), team, 1, "👍");
    core.messaging().unreact(bob.id(), team, 1, "👍");
    core.messaging().unreact(bob.id(), team, 1, "👍");
    List<DeliveredEvent> events = core.events().read(alice.id(), start, 100).events();
    assertThat(events).extracting(DeliveredEvent::type)
        .containsExactly(EventType.REACTION_ADDED, EventType.REACTION_REMOVED);
    assertThat(events).extracting(DeliveredEvent::data)
        .containsOnly(new ReactionChange(1, "👍", bob.id()));
  }

  @Test
  void resumingWithReactionsBetweenMessagesGetsEveryEventExactlyOnceInOrder() {
    EventCursor cursor = core.events().head(alice.id());
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      post(bob, team, "m" + i);
      core.messaging().react(bob.id(), team, 2 + i, "r" + i);
      if (i % 2 == 1) {
        core.messaging().unreact(bob.id(), team, 1 + i, "r" + (i - 1));
      }
      EventBatch batch = core.events().read(alice.id(), cursor, 2);
      batch.events().forEach(e -> seen.add(describe(e)));
      cursor = batch.cursor();
    }
    for (EventBatch b = core.events().read(alice.id(), cursor, 2); !b.events().isEmpty();
        b = core.events().read(alice.id(), cursor, 2)) {
      b.events().forEach(e -> seen.add(describe(e)));
      cursor = b.cursor();
    }
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      expected.add("message.created " + (2 + i));
      expected.add("reaction.added " + (2 + i) + " r" + i);
      if (i % 2 == 1) {
        expected.add("reaction.removed " + (1 + i) + " r" + (i - 1));
      }
    }
    assertThat(seen).containsExactlyElementsOf(expected);
  }

  private static String describe(DeliveredEvent e) {
    if (e.data() instanceof ReactionChange r) {
      return e.type().wireName() + " " + r.seq() + " " + r.emoji();
    }
    return e.type().wireName() + " " + ((MessageView) e.data()).message().seq();
  }
}
