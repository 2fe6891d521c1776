package io.chatflow.adapter.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.event.Event;
import io.chatflow.domain.event.EventCursor;
import io.chatflow.domain.event.EventType;
import io.chatflow.domain.user.User;
import io.chatflow.domain.user.UserId;
import io.chatflow.kit.Stores;
import io.chatflow.kit.UseCaseTest;
import io.chatflow.ports.in.Events;
import io.chatflow.ports.in.MessageView;
import io.chatflow.ports.out.EventStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * On a cluster node every committed event wakes the feeds up, and the woken live feeds are caught
 * up by shared reads of the log, not by a read each.
 */
class WokenFeedsReadTogetherTest extends UseCaseTest {
  private CountingEvents events;

  @Override
  protected Stores newStores() {
    MemoryStores m = new MemoryStores();
    events = new CountingEvents(m.events());
    InProcessBus bus = InProcessBus.hub();
    BusFanout fanout = new BusFanout(bus).start();
    return new Stores(m.users(), m.sessions(), m.conversations(), m.messages(), events, m.search(), m.transactions(),
        fanout, new MemoryPresence(), new MemoryCounters(), fanout, bus::close);
  }

  @Test
  void postsWakingTwentyLiveFeedsAreReadTogetherAndArriveExactlyOnceInOrder() throws Exception {
    User owner = register("owner");
    List<User> members = new ArrayList<>();
    for (int i = 0; i < 19; i++) {
      members.add(register("member" + i));
    }
    ConversationId room = group(owner, members.toArray(User[]::new));
    List<User> everyone = new ArrayList<>(members);
    everyone.add(owner);
    Map<UserId, List<Long>> seqs = new ConcurrentHashMap<>();
    CountDownLatch first = new CountDownLatch(everyone.size());
    CountDownLatch all = new CountDownLatch(everyone.size());
    List<Events.Subscription> feeds = new ArrayList<>();
    for (User user : everyone) {
      List<Long> mine = new CopyOnWriteArrayList<>();
      seqs.put(user.id(), mine);
      feeds.add(core.events().subscribe(user.id(), core.events().head(user.id()), e -> {
        if (e.type() == EventType.MESSAGE_CREATED) {
          mine.add(((MessageView) e.data()).message().seq());
          (mine.size() == 1 ? first : mine.size() == 11 ? all : new CountDownLatch(0)).countDown();
        }
      }));
    }
    post(owner, room, "first");
    assertThat(first.await(10, TimeUnit.SECONDS)).as("every feed has the first post").isTrue();
    events.readsAlone.set(0);
    events.readsTogether.set(0);

    for (int i = 0; i < 10; i++) {
      post(members.get(i), room, "post " + i);
    }
    assertThat(all.await(10, TimeUnit.SECONDS)).as("every feed has all eleven posts").isTrue();
    seqs.values().forEach(s -> assertThat(s).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L));
    assertThat(events.readsAlone).as("reads of one feed alone").hasValue(0);
    assertThat(events.readsTogether.get()).as("shared reads").isBetween(1, 10 * 20 - 1);
    feeds.forEach(Events.Subscription::close);
  }

  /** The memory log, counting how it is read. */
  private static final class CountingEvents implements EventStore {
    private final EventStore log;
    final AtomicInteger readsAlone = new AtomicInteger();
    final AtomicInteger readsTogether = new AtomicInteger();

    CountingEvents(EventStore log) {
      this.log = log;
    }

    @Override
    public Event append(Event event) {
      return log.append(event);
    }

    @Override
    public List<Event> readFor(UserId user, EventCursor after, int limit) {
      readsAlone.incrementAndGet();
      return log.readFor(user, after, limit);
    }

    @Override
    public List<ForUser> readForEach(Set<UserId> users, EventCursor after, int limit) {
      readsTogether.incrementAndGet();
      return log.readForEach(users, after, limit);
    }

    @Override
    public EventCursor head() {
      return log.head();
    }

    @Override
    public EventCursor horizon() {
      return log.horizon();
    }

    @Override
    public int prune(Instant before) {
      return log.prune(before);
    }
  }
}
