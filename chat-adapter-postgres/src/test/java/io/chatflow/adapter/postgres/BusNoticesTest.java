package io.chatflow.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.event.Event;
import io.chatflow.domain.event.EventType;
import io.chatflow.domain.user.SessionId;
import io.chatflow.domain.user.User;
import io.chatflow.domain.user.UserId;
import io.chatflow.domain.user.Username;
import io.chatflow.ports.in.PresenceChange;
import io.chatflow.ports.in.PresenceView;
import io.chatflow.ports.in.Typing;
import io.chatflow.ports.out.ClusterBus;
import io.chatflow.ports.out.Delivery;
import io.chatflow.ports.out.SessionsEnded;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The bus's payloads: what one node writes, another reads back the same; nothing over PostgreSQL's limit. */
class BusNoticesTest {
  private static final User CAROL = new User(new UserId("u-carol"), new Username("carol"), "Carol | the | pipes",
      Instant.parse("2026-01-02T03:04:05.123456Z"), false);

  private final List<Object> heard = new ArrayList<>();
  private final ClusterBus.Receiver receiver = PostgresBusTest.recorder(heard);

  @Test
  void aThousandRecipientsAreSplitOverPayloadsUnderTheLimitAndAllArrive() {
    Set<UserId> users = new HashSet<>();
    IntStream.range(0, 1000).forEach(i -> users.add(new UserId(UUID.randomUUID().toString())));

    List<String> payloads = BusNotices.wakeUps("n1", users, 42);
    payloads.forEach(p -> BusNotices.dispatch(p, "n2", receiver));

    assertThat(payloads).hasSizeGreaterThan(1)
        .allSatisfy(p -> assertThat(p.getBytes(StandardCharsets.UTF_8).length).isLessThan(8000));
    Set<Object> all = new HashSet<>();
    heard.forEach(h -> all.addAll((Set<?>) ((List<?>) h).get(0)));
    assertThat(all).isEqualTo(users);
    assertThat(heard).allSatisfy(h -> assertThat(((List<?>) h).get(1)).isEqualTo(42L));
    assertThat(BusNotices.position(payloads.get(0))).isEqualTo(42);
  }

  @Test
  void aNodeIgnoresItsOwnNotices() {
    BusNotices.dispatch(BusNotices.resync("n1"), "n1", receiver);
    BusNotices.dispatch(BusNotices.wakeUps("n1", Set.of(), 3).get(0), "n1", receiver);

    assertThat(heard).isEmpty();
  }

  @Test
  void sessionEndsTypingAndPresenceComeBackAsTheyWere() {
    SessionsEnded one = SessionsEnded.one(CAROL.id(), new SessionId("s1"));
    SessionsEnded allBut = SessionsEnded.allBut(CAROL.id(), new SessionId("s2"));
    Delivery typing = new Delivery(Event.ephemeral(EventType.TYPING, new ConversationId("c1"), CAROL.id(),
        Instant.parse("2026-01-02T03:04:06Z")), Set.of(new UserId("u-bob")), new Typing(CAROL, Instant.parse("2026-01-02T03:04:12Z")));
    Delivery presence = new Delivery(Event.ephemeral(EventType.PRESENCE_CHANGED, null, CAROL.id(), Instant.EPOCH),
        Set.of(new UserId("u-bob"), new UserId("u-dan")), new PresenceChange(CAROL, new PresenceView(PresenceView.Status.OFFLINE, null)));

    BusNotices.dispatch(BusNotices.sessionsEnded("n1", one), "n2", receiver);
    BusNotices.dispatch(BusNotices.sessionsEnded("n1", allBut), "n2", receiver);
    BusNotices.ephemeral("n1", typing).forEach(p -> BusNotices.dispatch(p, "n2", receiver));
    BusNotices.ephemeral("n1", presence).forEach(p -> BusNotices.dispatch(p, "n2", receiver));

    assertThat(heard).containsExactly(one, allBut, typing, presence);
  }
}
