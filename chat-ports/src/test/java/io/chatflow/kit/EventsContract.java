package io.chatflow.kit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatflow.domain.GoneException;
import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.conversation.Role;
import io.chatflow.domain.event.EventCursor;
import io.chatflow.domain.event.EventType;
import io.chatflow.domain.user.User;
import io.chatflow.ports.in.ConversationSummary;
import io.chatflow.ports.in.DeliveredEvent;
import io.chatflow.ports.in.EventBatch;
import io.chatflow.ports.in.Events.Subscription;
import java.util.function.BooleanSupplier;
import io.chatflow.ports.in.MemberView;
import io.chatflow.ports.in.MessageView;
import io.chatflow.ports.in.PresenceChange;
import io.chatflow.ports.in.PresenceView;
import io.chatflow.ports.in.ReadMarker;
import io.chatflow.ports.in.Typing;
import io.chatflow.service.CoreSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

public abstract class EventsContract extends UseCaseTest {
  /** Small, so the exactly-once tests also cross the path where a feed falls behind. */
  private static final int BACKLOG = 8;
  /** Live deliveries outstanding over all feeds before posts wait; each feed counts at most four. */
  private static final int DELIVERY_BACKLOG = 4;

  User alice;
  User bob;
  User carol;

  @Override
  protected CoreSettings settings() {
    return super.settings().withFeedBacklog(BACKLOG).withDeliveryBacklog(DELIVERY_BACKLOG);
  }

  @BeforeEach
  void people() {
    alice = register("alice");
    bob = register("bob");
    carol = register("carol");
  }

  private List<DeliveredEvent> all(User user) {
    return core.events().read(user.id(), EventCursor.START, 500).events();
  }

  private List<EventType> types(List<DeliveredEvent> events) {
    return events.stream().map(DeliveredEvent::type).toList();
  }

  @Test
  void everyMemberGetsConversationCreatedWithTheirOwnView() {
    ConversationId team = group(alice, bob);
    DeliveredEvent forBob = all(bob).get(0);
    assertThat(forBob.type()).isEqualTo(EventType.CONVERSATION_CREATED);
    assertThat(forBob.conversationId()).isEqualTo(team);
    assertThat(((ConversationSummary) forBob.data()).role()).isEqualTo(Role.MEMBER);
    assertThat(((ConversationSummary) all(alice).get(0).data()).role()).isEqualTo(Role.OWNER);
  }

  @Test
  void messagesArriveInSeqOrderAndResumingRepeatsNothing() {
    ConversationId team = group(alice, bob);
    EventCursor start = core.events().head(bob.id());
    post(alice, team, "one");
    post(alice, team, "two");
    EventBatch first = core.events().read(bob.id(), start, 500);
    assertThat(types(first.events())).containsExactly(EventType.MESSAGE_CREATED, EventType.MESSAGE_CREATED);
    assertThat(first.events()).extracting(e -> ((MessageView) e.data()).message().body()).containsExactly("one", "two");
    assertThat(core.events().read(bob.id(), first.cursor(), 500).events()).isEmpty();

    core.messaging().edit(alice.id(), team, 1, "one!");
    core.messaging().delete(alice.id(), team, 2);
    EventBatch second = core.events().read(bob.id(), first.cursor(), 500);
    assertThat(types(second.events())).containsExactly(EventType.MESSAGE_UPDATED, EventType.MESSAGE_DELETED);
    assertThat(((MessageView) second.events().get(1).data()).message().body()).isEmpty();
  }

  @Test
  void anAddedMemberStartsWithConversationCreatedAndOthersSeeMemberJoined() {
    ConversationId team = group(alice, bob);
    post(alice, team, "before carol");
    core.conversations().addMember(alice.id(), team, carol.id(), null);
    post(bob, team, "after carol");

    assertThat(types(all(carol))).containsExactly(EventType.CONVERSATION_CREATED, EventType.MESSAGE_CREATED);
    List<DeliveredEvent> bobs = all(bob);
    assertThat(types(bobs)).containsExactly(
        EventType.CONVERSATION_CREATED, EventType.MESSAGE_CREATED, EventType.MEMBER_JOINED, EventType.MESSAGE_CREATED);
    assertThat(((MemberView) bobs.get(2).data()).user().id()).isEqualTo(carol.id());
  }

  @Test
  void aRemovedMemberHearsMemberLeftAndThenNothingMore() {
    ConversationId team = group(alice, bob, carol);
    EventCursor start = core.events().head(bob.id());
    core.conversations().removeMember(alice.id(), team, bob.id());
    post(alice, team, "bob is gone");
    assertThat(types(core.events().read(bob.id(), start, 500).events())).containsExactly(EventType.MEMBER_LEFT);
    assertThat(types(core.events().read(carol.id(), start, 500).events()))
        .containsExactly(EventType.MEMBER_LEFT, EventType.MESSAGE_CREATED);
  }

  @Test
  void aRemovedMemberResumingLaterGetsWhatHappenedWhileTheyWereInThenNothingMore() {
    ConversationId team = group(alice, bob, carol);
    EventCursor offline = core.events().head(bob.id()); // bob's client goes offline here
    post(alice, team, "one");
    post(alice, team, "two");
    core.conversations().removeMember(alice.id(), team, bob.id());
    post(alice, team, "after bob");
    core.conversations().addMember(alice.id(), team, bob.id(), null);
    post(alice, team, "bob is back");

    List<DeliveredEvent> replay = core.events().read(bob.id(), offline, 500).events();
    assertThat(types(replay)).containsExactly(EventType.MESSAGE_CREATED, EventType.MESSAGE_CREATED,
        EventType.MEMBER_LEFT, EventType.CONVERSATION_CREATED, EventType.MESSAGE_CREATED);
    assertThat(replay.stream().filter(e -> e.type() == EventType.MESSAGE_CREATED)
        .map(e -> ((MessageView) e.data()).message().body())).containsExactly("one", "two", "bob is back");
  }

  @Test
  void aRemovedMembersReplayShowsNoUnreadCountOfTheConversationTheyLeft() {
    ConversationId team = group(alice, bob);
    post(alice, team, "one");
    EventCursor start = core.events().head(bob.id());
    core.messaging().markRead(bob.id(), team, 1);
    core.conversations().removeMember(alice.id(), team, bob.id());
    post(alice, team, "after bob left");
    // a read marker resolved now would count the message bob may not see
    assertThat(types(core.events().read(bob.id(), start, 500).events())).containsExactly(EventType.MEMBER_LEFT);
  }

  @Test
  void readUpdatedGoesOnlyToTheReader() {
    ConversationId team = group(alice, bob);
    post(alice, team, "hi");
    EventCursor start = core.events().head(alice.id());
    core.messaging().markRead(bob.id(), team, 1);
    List<DeliveredEvent> bobs = core.events().read(bob.id(), start, 500).events();
    assertThat(types(bobs)).containsExactly(EventType.READ_UPDATED);
    assertThat(((ReadMarker) bobs.get(0).data()).seq()).isEqualTo(1);
    assertThat(core.events().read(alice.id(), start, 500).events()).isEmpty();
  }

  @Test
  void anIdleFeedsCursorKeepsUpWithTheLog() {
    ConversationId team = group(alice, bob);
    EventCursor carolsCursor = core.events().read(carol.id(), EventCursor.START, 500).cursor();
    post(alice, team, "not for carol");
    EventBatch later = core.events().read(carol.id(), carolsCursor, 500);
    assertThat(later.events()).isEmpty();
    assertThat(later.cursor()).isEqualTo(core.events().head(carol.id()));
  }

  @Test
  void aCursorOutsideTheRetainedLogIsGone() {
    ConversationId team = group(alice, bob);
    post(alice, team, "old");
    clock.advance(Duration.ofDays(8));
    post(alice, team, "new");
    assertThat(assembled.pruneEvents()).isGreaterThan(0);
    assertThatThrownBy(() -> core.events().read(bob.id(), EventCursor.START, 10)).isInstanceOf(GoneException.class);
    EventCursor head = core.events().head(bob.id());
    assertThat(core.events().read(bob.id(), head, 10).events()).isEmpty();
    assertThatThrownBy(() -> core.events().read(bob.id(), new EventCursor(head.position() + 1000), 10))
        .isInstanceOf(GoneException.class);
    assertThatThrownBy(() -> core.events().subscribe(bob.id(), EventCursor.START, e -> {})).isInstanceOf(GoneException.class);
  }

  @Test
  void aListenerThatThrowsEndsItsSubscriptionAndASubscriptionSaysSo() throws Exception {
    ConversationId team = group(alice, bob);
    Subscription failing = core.events().subscribe(bob.id(), core.events().head(bob.id()), e -> {
      throw new IllegalStateException("a listener's bug");
    });
    assertThat(failing.isOpen()).isTrue();
    post(alice, team, "hi");
    awaitTrue(() -> !failing.isOpen());

    Subscription closed = core.events().subscribe(bob.id(), core.events().head(bob.id()), e -> { });
    closed.close();
    assertThat(closed.isOpen()).isFalse();
  }

  @Test
  void misuseIsRefusedWhereItHappens() {
    assertThatThrownBy(() -> core.events().read(bob.id(), EventCursor.START, 0))
        .isInstanceOf(io.chatflow.domain.InvalidException.class);
    assertThatThrownBy(() -> core.events().subscribe(bob.id(), EventCursor.START, null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("listener");
  }

  @Test
  void closingASubscriptionStopsItsCatchUpToo() throws Exception {
    ConversationId team = group(alice, bob);
    for (int i = 1; i <= 40; i++) {
      post(alice, team, "m" + i);
    }
    AtomicInteger calls = new AtomicInteger();
    AtomicReference<Subscription> self = new AtomicReference<>();
    CountDownLatch subscribed = new CountDownLatch(1);
    CountDownLatch firstCall = new CountDownLatch(1);
    self.set(core.events().subscribe(bob.id(), EventCursor.START, e -> {
      calls.incrementAndGet();
      Latches.awaitQuietly(subscribed);
      self.get().close();
      firstCall.countDown();
    }));
    subscribed.countDown();
    assertThat(firstCall.await(10, TimeUnit.SECONDS)).isTrue();
    // a later event through a second feed: the first's catch-up, had it gone on, was long done by then
    BlockingQueue<DeliveredEvent> watched = new LinkedBlockingQueue<>();
    try (Subscription watcher = core.events().subscribe(bob.id(), core.events().head(bob.id()), watched::add)) {
      post(alice, team, "after");
      assertThat(watched.poll(10, TimeUnit.SECONDS)).isNotNull();
    }
    assertThat(calls.get()).as("listener calls after it closed its subscription at the first").isEqualTo(1);
  }

  @Test
  void aListenerThatThrowsAnErrorEndsItsFeedWithoutHoldingPostingBack() throws Exception {
    ConversationId team = group(alice, bob);
    List<Subscription> failing = new ArrayList<>();
    for (int s = 0; s < 2; s++) { // together they would count more than the backlog of four
      failing.add(core.events().subscribe(bob.id(), core.events().head(bob.id()), e -> {
        throw new AssertionError("a test's failed expectation");
      }));
    }
    for (int i = 0; i < 5; i++) {
      post(alice, team, "m" + i);
    }
    failing.forEach(Subscription::close);
    // posts wait up to a second while the feeds' count is over the backlog; nobody listens now
    assertThat(core.messaging().postPaced(alice.id(), team, "free", null).toCompletableFuture()
        .get(500, TimeUnit.MILLISECONDS).created()).isTrue();
  }

  /** For a listener, which cannot throw InterruptedException. */
  @Test
  void aSubscriptionReplaysThenDeliversLiveEventsExactlyOnceInOrder() throws Exception {
    ConversationId team = group(alice, bob);
    for (int i = 1; i <= 20; i++) {
      post(alice, team, "early " + i);
    }
    BlockingQueue<DeliveredEvent> received = new LinkedBlockingQueue<>();
    ExecutorService posters = Executors.newFixedThreadPool(3);
    List<Future<?>> posting = new ArrayList<>();
    for (int t = 0; t < 3; t++) {
      User sender = t == 1 ? bob : alice;
      posting.add(posters.submit(() -> {
        for (int i = 0; i < 30; i++) {
          post(sender, team, "live");
        }
      }));
    }
    try (Subscription ignored = core.events().subscribe(bob.id(), EventCursor.START, received::add)) {
      for (Future<?> f : posting) {
        f.get(60, TimeUnit.SECONDS);
      }
      List<Long> seqs = new ArrayList<>();
      while (seqs.size() < 110) {
        DeliveredEvent e = received.poll(10, TimeUnit.SECONDS);
        assertThat(e).as("event after seq %s", seqs.isEmpty() ? 0 : seqs.get(seqs.size() - 1)).isNotNull();
        if (e.type() == EventType.MESSAGE_CREATED) {
          seqs.add(((MessageView) e.data()).message().seq());
        }
      }
      assertThat(seqs).isEqualTo(LongStream.rangeClosed(1, 110).boxed().toList());
      post(alice, team, "one more");
      DeliveredEvent last = received.poll(10, TimeUnit.SECONDS);
      assertThat(((MessageView) last.data()).message().seq()).isEqualTo(111);
      assertThat(received.poll(50, TimeUnit.MILLISECONDS)).isNull();
    } finally {
      posters.shutdown();
    }
  }

  @Test
  void aFeedWhoseEventLoopHasStoppedStillDeliversAndCountsOnTheCoresThreads() throws Exception {
    ConversationId team = group(alice, bob);
    BlockingQueue<Long> seqs = new LinkedBlockingQueue<>();
    Executor stopped = task -> {
      throw new RejectedExecutionException("the server's I/O threads are gone");
    };
    try (Subscription ignored = core.events().subscribeAsync(bob.id(), core.events().head(bob.id()), (e, done) -> {
      if (e.type() == EventType.MESSAGE_CREATED) {
        seqs.add(((MessageView) e.data()).message().seq());
      }
      done.run();
    }, stopped)) {
      for (int i = 1; i <= 10; i++) {
        post(alice, team, "to a loop that is gone " + i);
      }
      for (long seq = 1; seq <= 10; seq++) {
        assertThat(seqs.poll(10, TimeUnit.SECONDS)).isEqualTo(seq);
      }
    }
  }

  @Test
  void closingTheCoreEndsEverySubscriptionAndRefusesNewOnes() {
    Subscription idle = core.events().subscribe(bob.id(), core.events().head(bob.id()), e -> { });
    Subscription other = core.events().subscribeAsync(alice.id(), EventCursor.START, (e, done) -> done.run());
    assertThat(idle.isOpen()).isTrue();
    assembled.close();
    assertThat(idle.isOpen()).isFalse();
    assertThat(other.isOpen()).isFalse();
    assertThatThrownBy(() -> core.events().subscribe(bob.id(), EventCursor.START, e -> { }))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void awaitWakesWhenAnEventArrivesAndOtherwiseReturnsEmptyWhenTheWaitEnds() throws Exception {
    ConversationId team = group(alice, bob);
    EventCursor head = core.events().head(bob.id());
    EventBatch nothing = core.events().await(bob.id(), head, 100, Duration.ofMillis(100));
    assertThat(nothing.events()).isEmpty();
    assertThat(nothing.cursor()).isEqualTo(head);

    CompletableFuture<EventBatch> waiting =
        CompletableFuture.supplyAsync(() -> core.events().await(bob.id(), head, 100, Duration.ofSeconds(30)));
    post(alice, team, "wake up");
    EventBatch woke = waiting.get(10, TimeUnit.SECONDS);
    assertThat(types(woke.events())).containsExactly(EventType.MESSAGE_CREATED);
  }

  @Test
  void typingReachesTheOtherMembersLiveAndIsNeverStored() throws Exception {
    ConversationId team = group(alice, bob);
    EventCursor head = core.events().head(bob.id());
    BlockingQueue<DeliveredEvent> received = new LinkedBlockingQueue<>();
    try (Subscription ignored = core.events().subscribe(bob.id(), head, received::add)) {
      core.messaging().typing(alice.id(), team);
      DeliveredEvent typing = received.poll(10, TimeUnit.SECONDS);
      assertThat(typing.type()).isEqualTo(EventType.TYPING);
      assertThat(((Typing) typing.data()).user().id()).isEqualTo(alice.id());
      assertThat(typing.id()).isEqualTo(head);
    }
    assertThat(core.events().read(bob.id(), head, 100).events()).isEmpty();
  }

  @Test
  void presenceChangesReachPeopleWhoShareAConversationLive() throws Exception {
    group(alice, bob);
    User stranger = register("stranger");
    BlockingQueue<DeliveredEvent> bobs = new LinkedBlockingQueue<>();
    BlockingQueue<DeliveredEvent> strangers = new LinkedBlockingQueue<>();
    try (Subscription b = core.events().subscribe(bob.id(), core.events().head(bob.id()), bobs::add);
        Subscription s = core.events().subscribe(stranger.id(), core.events().head(stranger.id()), strangers::add)) {
      core.presence().touch(alice.id());
      core.presence().touch(alice.id());
      DeliveredEvent online = bobs.poll(10, TimeUnit.SECONDS);
      assertThat(online.type()).isEqualTo(EventType.PRESENCE_CHANGED);
      assertThat(((PresenceChange) online.data()).presence().status()).isEqualTo(PresenceView.Status.ONLINE);
      assertThat(((PresenceChange) online.data()).user().id()).isEqualTo(alice.id());

      assertThat(assembled.sweepPresence()).isZero();
      clock.advance(Duration.ofSeconds(61));
      assertThat(assembled.sweepPresence()).isEqualTo(1);
      DeliveredEvent offline = bobs.poll(10, TimeUnit.SECONDS);
      assertThat(((PresenceChange) offline.data()).presence().status()).isEqualTo(PresenceView.Status.OFFLINE);
      assertThat(bobs.poll(50, TimeUnit.MILLISECONDS)).isNull();
      assertThat(strangers).isEmpty();
    }
  }

  @Test
  void aSubscriberThatFallsFarBehindCatchesUpFromTheLogWithNothingLostOrDoubled() throws Exception {
    ConversationId team = group(alice, bob);
    CountDownLatch stuck = new CountDownLatch(1);
    List<Long> seqs = java.util.Collections.synchronizedList(new ArrayList<>());
    CountDownLatch all = new CountDownLatch(61);
    try (Subscription ignored = core.events().subscribe(bob.id(), core.events().head(bob.id()), e -> {
      try {
        stuck.await();
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
      }
      if (e.type() == EventType.MESSAGE_CREATED) {
        seqs.add(((MessageView) e.data()).message().seq());
        all.countDown();
      }
    })) {
      for (int i = 1; i <= 60; i++) {
        post(alice, team, "while bob is stuck " + i);
      }
      stuck.countDown();
      post(alice, team, "after");
      assertThat(all.await(20, TimeUnit.SECONDS)).as("61 deliveries").isTrue();
      assertThat(seqs).isEqualTo(LongStream.rangeClosed(1, 61).boxed().toList());
    }
  }

  static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition within 10 s").isLessThan(deadline);
      Thread.sleep(5);
    }
  }
}
