package io.chatflow.adapter.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.event.Event;
import io.chatflow.domain.event.EventType;
import io.chatflow.domain.user.SessionId;
import io.chatflow.domain.user.UserId;
import io.chatflow.ports.out.Delivery;
import io.chatflow.ports.out.SessionsEnded;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Two nodes' fan-outs on one in-process bus: what each node hears, and in which form. */
class BusFanoutTest {
  private static final UserId BOB = new UserId("bob");
  private static final UserId CAROL = new UserId("carol");
  private final InProcessBus hub = InProcessBus.hub();
  private final BusFanout a = new BusFanout(hub).start();
  private final BusFanout b = new BusFanout(hub.join()).start();

  @Test
  void aCommittedEventReachesListenersOnEveryNodeAsAWakeUpToItsPosition() {
    List<Delivery> onA = new ArrayList<>();
    List<Delivery> onB = new ArrayList<>();
    a.listen(BOB, onA::add);
    b.listen(BOB, onB::add);
    Event placed = Event.ofConversation(EventType.CONVERSATION_UPDATED, new ConversationId("c"), null, Instant.EPOCH).at(7);

    a.publish(new Delivery(placed, Set.of(BOB), null));

    assertThat(onA).singleElement().satisfies(d -> assertThat(d.isWakeUp()).isTrue()).extracting(Delivery::upTo).isEqualTo(7L);
    assertThat(onB).singleElement().satisfies(d -> assertThat(d.isWakeUp()).isTrue()).extracting(Delivery::upTo).isEqualTo(7L);
  }

  @Test
  void anEphemeralEventAndASessionEndTravelWhole() {
    List<Delivery> onB = new ArrayList<>();
    List<SessionsEnded> endsOnB = new ArrayList<>();
    b.listen(BOB, onB::add);
    b.listen(endsOnB::add);
    Delivery typing = new Delivery(Event.ephemeral(EventType.TYPING, new ConversationId("c"), CAROL, Instant.EPOCH),
        Set.of(BOB), null);
    SessionsEnded ended = SessionsEnded.one(BOB, new SessionId("s"));

    a.publish(typing);
    a.publish(ended);

    assertThat(onB).containsExactly(typing);
    assertThat(endsOnB).containsExactly(ended);
  }

  @Test
  void aResyncWakesEveryListenerOfTheNodeWhateverTheirCursorAndHasEverySessionCheckedAgain() {
    List<Delivery> onB = new ArrayList<>();
    List<SessionsEnded> endsOnB = new ArrayList<>();
    b.listen(BOB, onB::add);
    b.listen(CAROL, onB::add);
    b.listen(endsOnB::add);

    b.resync();

    assertThat(endsOnB).containsExactly(SessionsEnded.unknown());
    assertThat(onB).hasSize(2).allSatisfy(d -> {
      assertThat(d.isWakeUp()).isTrue();
      assertThat(d.upTo()).isEqualTo(Long.MAX_VALUE);
    });
  }
}
