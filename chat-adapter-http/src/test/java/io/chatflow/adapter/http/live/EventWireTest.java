package io.chatflow.adapter.http.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatflow.adapter.http.plumbing.Json;
import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.event.EventCursor;
import io.chatflow.domain.event.EventType;
import io.chatflow.domain.message.Message;
import io.chatflow.domain.message.MessageId;
import io.chatflow.domain.message.Reaction;
import io.chatflow.domain.user.User;
import io.chatflow.domain.user.UserId;
import io.chatflow.domain.user.Username;
import io.chatflow.ports.in.DeliveredEvent;
import io.chatflow.ports.in.MessageView;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventWireTest {
  private final EventWire wire = new EventWire(Json.mapper());
  private final Instant now = Instant.parse("2026-11-24T10:00:00Z");
  private final User ann = User.registered(new UserId("ann"), Username.of("ann"), "Ann", now);
  private final UserId ben = new UserId("ben");

  private DeliveredEvent updated(List<Reaction> reactions) {
    Message m = new Message(new MessageId("m1"), new ConversationId("c"), 1, ann.id(), "hi", now, null, false, null);
    return new DeliveredEvent(new EventCursor(7), EventType.MESSAGE_UPDATED, m.conversationId(), now,
        new MessageView(m, ann, reactions));
  }

  @Test
  void aMessageWithReactionsTellsEachRecipientWhetherTheyReacted() {
    DeliveredEvent event = updated(List.of(new Reaction("👍", List.of(ben))));
    assertThat(wire.render(event, ben).json()).contains("\"me\":true");
    assertThat(wire.render(event, ann.id()).json()).contains("\"me\":false");
    assertThat(wire.render(event, ben).json()).contains("\"me\":true");
  }

  @Test
  void aMessageWithoutReactionsIsRenderedOnceForEveryone() {
    DeliveredEvent event = updated(List.of());
    assertThat(wire.render(event, ben)).isSameAs(wire.render(event, ann.id()));
  }
}
