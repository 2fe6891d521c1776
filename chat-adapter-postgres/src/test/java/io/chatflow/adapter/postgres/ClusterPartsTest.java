package io.chatflow.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatflow.domain.conversation.Conversation;
import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.event.Event;
import io.chatflow.domain.event.EventType;
import io.chatflow.domain.user.UserId;
import io.chatflow.ports.out.PresenceStore;
import io.chatflow.ports.out.SigningKeyStore;
import io.chatflow.ports.out.SigningKeyStore.StoredKey;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What two processes on one schema share beside the data: the signing key, presence, the prune lock. */
@NeedsPostgres
class ClusterPartsTest {
  private static final UserId BOB = new UserId("u-bob");
  private PostgresSettings settings;
  private PostgresStores one;
  private PostgresStores two;

  @BeforeEach
  void open() {
    settings = TestDatabase.freshSchema();
    one = PostgresStores.open(settings);
    two = PostgresStores.open(settings);
  }

  @AfterEach
  void close() {
    one.close();
    two.close();
    TestDatabase.drop(settings.schema());
  }

  @Test
  void theFirstProcessStoresTheSigningKeyAndEveryOtherGetsTheSame() {
    Instant at = Instant.parse("2026-12-07T01:00:00Z");
    List<StoredKey> first = one.signingKeys().orElseThrow().keys(() -> new StoredKey("k1", "key-of-one", at));
    List<StoredKey> second = two.signingKeys().orElseThrow().keys(() -> new StoredKey("k1", "key-of-two", at));

    assertThat(first).extracting(StoredKey::key).containsExactly("key-of-one");
    assertThat(second).isEqualTo(first);
    assertThat(first.get(0).addedAt()).isEqualTo(at);
  }

  @Test
  void aKeyAddedOnOneProcessIsTheNewestOnTheOtherAndARemovedOneIsGoneForBoth() {
    Instant at = Instant.parse("2026-12-07T01:00:00Z");
    SigningKeyStore here = one.signingKeys().orElseThrow();
    SigningKeyStore there = two.signingKeys().orElseThrow();
    String firstId = here.keys(() -> new StoredKey("k1", "first", at)).get(0).id();

    here.add(new StoredKey("k2", "second", at.plusSeconds(60)));
    assertThat(there.keys(() -> null)).extracting(StoredKey::key).containsExactly("second", "first");

    there.remove(List.of(firstId));
    assertThat(here.keys(() -> null)).extracting(StoredKey::key).containsExactly("second");
  }

  @Test
  void countsAddedOnTwoProcessesAreOneCountAndEndedWindowsAreSweptAway() throws Exception {
    Instant at = Instant.parse("2026-12-07T01:00:00Z");
    Duration window = Duration.ofMinutes(15);
    one.counters().orElseThrow().add("login-address:x", 1, window, at);
    assertThat(two.counters().orElseThrow().add("login-address:x", 1, window, at).value()).isEqualTo(2);

    Instant later = at.plus(window);
    for (int i = 0; i < PostgresCounters.SWEEP_EVERY; i++) {
      one.counters().orElseThrow().add("fresh-" + i, 1, window, later);
    }
    try (Connection c = TestDatabase.connect(); Statement s = c.createStatement()) {
      var rs = s.executeQuery("SELECT count(*) FROM " + settings.schema() + ".limit_counters WHERE key = 'login-address:x'");
      rs.next();
      assertThat(rs.getInt(1)).as("the ended window's row").isZero();
    }
  }

  @Test
  void permitsTakenOnTwoProcessesComeFromOneBucketAndFullBucketsAreSweptAway() throws Exception {
    Instant at = Instant.parse("2026-12-07T01:00:00Z");
    Duration interval = Duration.ofSeconds(1);
    Duration burst = Duration.ofSeconds(2);
    assertThat(one.counters().orElseThrow().take("post:user:x", interval, burst, at)).isZero();
    assertThat(two.counters().orElseThrow().take("post:user:x", interval, burst, at)).isZero();
    assertThat(one.counters().orElseThrow().take("post:user:x", interval, burst, at)).isEqualTo(interval);

    Instant later = at.plus(burst);
    for (int i = 0; i < PostgresCounters.SWEEP_EVERY; i++) {
      two.counters().orElseThrow().take("fresh-" + i, interval, burst, later);
    }
    try (Connection c = TestDatabase.connect(); Statement s = c.createStatement()) {
      var rs = s.executeQuery("SELECT count(*) FROM " + settings.schema() + ".rate_buckets WHERE key = 'post:user:x'");
      rs.next();
      assertThat(rs.getInt(1)).as("the full bucket's row").isZero();
    }
  }

  @Test
  void aConnectionOnOneProcessCountsOnTheOtherAndEachChangeIsAnnouncedOnce() throws Exception {
    PresenceStore here = one.presence().orElseThrow();
    PresenceStore there = two.presence().orElseThrow();
    Instant at = Instant.parse("2026-12-07T01:00:00Z");

    here.connected(BOB, at);
    awaitConnections(there, 1); // written with the next heartbeat

    assertThat(there.find(BOB).orElseThrow().lastSeenAt()).isEqualTo(at);
    assertThat(there.streamsElsewhere(BOB)).as("a connection that is no stream (a long poll)").isZero();
    assertThat(here.announce(BOB, true)).isTrue();
    assertThat(there.announce(BOB, true)).isFalse();
    assertThat(there.announcedOnline()).containsExactly(BOB);
    assertThat(there.announce(BOB, false)).isTrue();
    assertThat(here.announce(BOB, false)).isFalse();

    here.disconnected(BOB, at.plusSeconds(1));
    awaitConnections(there, 0);
  }

  @Test
  void aStreamOnOneProcessCountsOnTheOtherOnly() throws Exception {
    PresenceStore here = one.presence().orElseThrow();
    PresenceStore there = two.presence().orElseThrow();
    Instant at = Instant.parse("2026-12-07T01:00:00Z");

    here.streamOpened(BOB, at);
    here.connected(BOB, at);
    awaitStreams(there, 1); // written with the next heartbeat
    assertThat(here.streamsElsewhere(BOB)).as("its own are not elsewhere").isZero();

    here.disconnected(BOB, at.plusSeconds(1));
    here.streamClosed(BOB, at.plusSeconds(1));
    awaitStreams(there, 0);
  }

  private static void awaitStreams(PresenceStore store, int expected) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (store.streamsElsewhere(BOB) != expected) {
      assertThat(System.nanoTime()).as("%d streams within 10 s", expected).isLessThan(deadline);
      Thread.sleep(20); // the heartbeat writes it: a state in the database to poll
    }
  }

  @Test
  void aProcessPrunesNothingWhileAnotherHoldsThePruneLock() throws Exception {
    Conversation group = Conversation.group(new ConversationId("c-1"), "Team", Instant.parse("2026-01-01T00:00:00Z"));
    one.transactions().write(() -> {
      one.conversations().save(group);
      one.events().append(Event.ofConversation(EventType.CONVERSATION_UPDATED, group.id(), null, group.createdAt()));
      return null;
    });
    try (Connection other = TestDatabase.connect(); Statement s = other.createStatement()) {
      s.execute("SET search_path = " + settings.schema());
      try (var rs = s.executeQuery(PostgresEventStore.TRY_PRUNE_LOCK)) {
        assertThat(rs.next() && rs.getBoolean(1)).isTrue();
      }
      assertThat(one.events().prune(Instant.parse("2026-06-01T00:00:00Z"))).isZero();
      s.execute(PostgresEventStore.TRY_PRUNE_LOCK.replace("pg_try_advisory_lock", "pg_advisory_unlock"));
    }
    // the other process is done: now this one prunes
    assertThat(one.events().prune(Instant.parse("2026-06-01T00:00:00Z"))).isEqualTo(1);
  }

  private static void awaitConnections(PresenceStore store, int expected) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (store.find(BOB).map(PresenceStore.Seen::connections).orElse(-1) != expected) {
      assertThat(System.nanoTime()).as("%d connections within 10 s", expected).isLessThan(deadline);
      Thread.sleep(20); // the heartbeat writes it: a state in the database to poll
    }
  }
}
