package io.chatflow.adapter.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.event.Event;
import io.chatflow.domain.event.EventType;
import io.chatflow.domain.user.UserId;
import io.chatflow.ports.out.Delivery;
import io.chatflow.ports.out.EventFanout;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InProcessFanoutTest {
  private static final UserId USER = new UserId("u1");
  private static final Delivery TYPING = new Delivery(
      Event.ephemeral(EventType.TYPING, new ConversationId("c1"), USER, Instant.EPOCH), Set.of(USER), null);

  /** A reconnecting client: its new listener arrives while its old one, the user's last, closes. */
  @Test
  void aListenerAddedWhileTheUsersLastOneClosesStillHearsEverything() throws Exception {
    InProcessFanout fanout = new InProcessFanout();
    int rounds = 100_000;
    CyclicBarrier start = new CyclicBarrier(2);
    CyclicBarrier end = new CyclicBarrier(2);
    EventFanout.Listening[] old = new EventFanout.Listening[1];
    Thread closer = new Thread(() -> {
      try {
        for (int i = 0; i < rounds; i++) {
          start.await(10, TimeUnit.SECONDS);
          old[0].close();
          end.await(10, TimeUnit.SECONDS);
        }
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    closer.start();
    int deaf = 0;
    for (int i = 0; i < rounds; i++) {
      old[0] = fanout.listen(USER, d -> { });
      AtomicInteger heard = new AtomicInteger();
      start.await(10, TimeUnit.SECONDS);
      EventFanout.Listening fresh = fanout.listen(USER, d -> heard.incrementAndGet());
      end.await(10, TimeUnit.SECONDS);
      fanout.publish(TYPING);
      if (heard.get() == 0) {
        deaf++;
      }
      fresh.close();
    }
    closer.join();
    assertThat(deaf).as("listeners that missed a delivery").isZero();
    assertThat(fanout.listeners()).isZero();
  }
}
