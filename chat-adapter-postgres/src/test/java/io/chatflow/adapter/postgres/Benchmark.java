package io.chatflow.adapter.postgres;

import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.conversation.Kind;
import io.chatflow.domain.event.EventCursor;
import io.chatflow.domain.user.User;
import io.chatflow.ports.in.MessageQuery;
import io.chatflow.ports.in.NewConversation;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The PostgreSQL store's speed, in one run (not a test), against CHATFLOW_TEST_PG_URL:
 * <pre>
 * chat-adapter-postgres/run-tests.sh --benchmark [seconds]
 * CHATFLOW_TEST_PG_URL=... mvn -q -pl chat-adapter-postgres -am test-compile exec:java@postgres-benchmark   # a server of your own
 * </pre>
 * Durable posts per second through the core with 1, 8 and 64 posters, to one conversation and
 * spread over 100 (and 64 over 100 with a clientMessageId on every post), against raw batched pgjdbc inserts into a table like messages on the same
 * server; then the newest-50 page and an event catch-up with 10^6 messages in the schema.
 * Arguments: seconds per measurement (default 5), then optionally one row to run alone, as
 * {@code posters,conversations} (e.g. {@code 64,100}: the ceiling and that row, for a profile).
 */
public final class Benchmark {
  private static final String BODY = "A message of ordinary length, the kind people send all day long in a team chat. "
      + "Around two hundred characters, with some punctuation, numbers like 42 and no markup at all, just text.";

  public static void main(String[] args) throws Exception {
    if (TestDatabase.URL == null) {
      System.err.println(TestDatabase.NOT_CONFIGURED);
      System.exit(2);
    }
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    PostgresSettings settings = TestDatabase.freshSchema().withPoolSize(70);
    try (ChatFlowOnPostgres node = new ChatFlowOnPostgres(settings)) {
      Benchmark benchmark = new Benchmark(node, settings, seconds);
      if (args.length > 1) {
        String[] row = args[1].split(",");
        benchmark.runOne(Integer.parseInt(row[0]), Integer.parseInt(row[1]));
      } else {
        benchmark.run();
      }
    } finally {
      TestDatabase.drop(settings.schema());
    }
  }

  private static final int WARM_UP_SECONDS = 10;

  private final ChatFlowOnPostgres node;
  private final PostgresSettings settings;
  private final int seconds;
  private final List<User> users = new ArrayList<>();
  private final List<ConversationId> conversations = new ArrayList<>();

  private Benchmark(ChatFlowOnPostgres node, PostgresSettings settings, int seconds) {
    this.node = node;
    this.settings = settings;
    this.seconds = seconds;
  }

  private void runOne(int posters, int spread) throws Exception {
    double ceiling = prepare();
    double rate = posting(seconds, posters, spread, false);
    System.out.printf(Locale.ROOT, "| %d | %d | %,.0f | %.0f%% |%n", posters, spread, rate, 100 * rate / ceiling);
  }

  /** Makes the users and conversations; returns the raw batched ceiling. */
  private double prepare() throws Exception {
    for (int i = 0; i < 64; i++) {
      users.add(node.core.accounts().register("poster" + i, "password", null));
    }
    List<io.chatflow.domain.user.UserId> others = users.subList(1, users.size()).stream().map(User::id).toList();
    for (int c = 0; c < 100; c++) {
      conversations.add(node.core.conversations().create(users.get(0).id(),
          new NewConversation(Kind.GROUP, "Room " + c, others)).conversation().summary().conversation().id());
    }
    analyze();
    warmUp();
    double one = raw(seconds, 1, 100);
    double eight = raw(seconds, 8, 100);
    System.out.printf(Locale.ROOT, "raw batched inserts (100 a commit): %,.0f rows/s on 1 connection, %,.0f on 8%n",
        one, eight);
    return Math.max(one, eight);
  }

  private void run() throws Exception {
    double ceiling = prepare();
    for (int threads : new int[] {1, 8, 64}) {
      System.out.printf(Locale.ROOT, "raw inserts, one a commit, %d threads: %,.0f rows/s%n", threads, raw(seconds, threads, 1));
    }
    System.out.println();
    System.out.println("| posters | conversations | posts/s | of raw |");
    System.out.println("|---|---|---|---|");
    for (int posters : new int[] {1, 8, 64}) {
      for (int spread : new int[] {1, 100}) {
        double rate = posting(seconds, posters, spread, false);
        System.out.printf(Locale.ROOT, "| %d | %d | %,.0f | %.0f%% |%n", posters, spread, rate, 100 * rate / ceiling);
      }
    }
    // as the web client posts: each post with a clientMessageId of its own, looked up before it is stored
    double withIds = posting(seconds, 64, 100, true);
    System.out.printf(Locale.ROOT, "| 64 | 100, each with a clientMessageId | %,.0f | %.0f%% |%n", withIds,
        100 * withIds / ceiling);
    reads();
  }

  /** Statistics for the planner, as a database in use has them (autovacuum would gather them soon). */
  private void analyze() throws Exception {
    try (Connection c = TestDatabase.connect(); Statement s = c.createStatement()) {
      s.execute("ANALYZE " + settings.schema() + ".members, " + settings.schema() + ".conversations, "
          + settings.schema() + ".users");
    }
  }

  /**
   * Runs what is measured, unmeasured, until the JIT has compiled it: on a cold JVM its compiler
   * threads take most of a core for the first 10 s or so of posting (recompiling the writer's
   * chain as its profile changes), which measured the JIT, not the store.
   */
  private void warmUp() throws Exception {
    raw(WARM_UP_SECONDS / 2, 8, 100);
    posting(WARM_UP_SECONDS, 64, 100, true);
    posting(WARM_UP_SECONDS, 64, 100, false);
    posting(WARM_UP_SECONDS / 2, 8, 1, false);
  }

  /** Durable posts per second through the core, each poster in its own thread. */
  private double posting(int seconds, int posters, int spread, boolean clientIds) throws InterruptedException {
    LongAdder posted = new LongAdder();
    CountDownLatch done = new CountDownLatch(posters);
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    for (int p = 0; p < posters; p++) {
      User poster = users.get(p);
      int start = p * 7;
      new Thread(() -> {
        int n = start;
        while (System.nanoTime() < until) {
          node.core.messaging().post(poster.id(), conversations.get(Math.floorMod(n++, spread)), BODY,
              clientIds ? UUID.randomUUID().toString() : null);
          posted.increment();
        }
        done.countDown();
      }).start();
    }
    done.await();
    return posted.sum() / (double) seconds;
  }

  /** Rows per second of batched inserts into a table like messages, committed every {@code batch} rows. */
  private double raw(int seconds, int threads, int batch) throws Exception {
    try (Connection c = TestDatabase.connect(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS " + settings.schema() + ".raw_messages (LIKE " + settings.schema()
          + ".messages INCLUDING ALL)");
    }
    LongAdder rows = new LongAdder();
    CountDownLatch done = new CountDownLatch(threads);
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    for (int t = 0; t < threads; t++) {
      String conversation = UUID.randomUUID().toString();
      new Thread(() -> {
        try (Connection c = TestDatabase.connect(); PreparedStatement insert = c.prepareStatement("INSERT INTO "
            + settings.schema() + ".raw_messages (conversation_id, seq, position, id, sender_id, body, created_at, "
            + "deleted) VALUES (?, ?, ?, ?, 'sender', ?, 0, FALSE)")) {
          c.setAutoCommit(false);
          long seq = 0;
          while (System.nanoTime() < until) {
            for (int i = 0; i < batch; i++) {
              seq++;
              insert.setString(1, conversation);
              insert.setLong(2, seq);
              insert.setLong(3, seq);
              insert.setString(4, UUID.randomUUID().toString());
              insert.setString(5, BODY);
              insert.addBatch();
            }
            insert.executeBatch();
            c.commit();
            rows.add(batch);
          }
        } catch (Exception e) {
          throw new IllegalStateException(e);
        } finally {
          done.countDown();
        }
      }).start();
    }
    done.await();
    return rows.sum() / (double) seconds;
  }

  /** The newest page and an event catch-up, with 10^6 messages in one conversation. */
  private void reads() throws Exception {
    ConversationId big = conversations.get(0);
    try (Connection c = TestDatabase.connect(); Statement s = c.createStatement()) {
      s.execute("SET search_path TO " + settings.schema());
      s.execute("""
          WITH top AS (SELECT COALESCE(MAX(seq), 0) AS seq FROM messages WHERE conversation_id = '%1$s')
          INSERT INTO messages (conversation_id, seq, position, id, sender_id, body, created_at, deleted)
          SELECT '%1$s', top.seq + n, (SELECT position FROM event_clock) + n, gen_random_uuid()::text, '%2$s', '%3$s',
            0, FALSE FROM top, generate_series(1, 1000000) AS n""".formatted(big.value(), users.get(0).id().value(), BODY));
      s.execute("UPDATE event_clock SET position = (SELECT MAX(position) FROM messages)");
      s.execute("UPDATE conversations SET last_seq = (SELECT MAX(seq) FROM messages WHERE conversation_id = '"
          + big.value() + "') WHERE id = '" + big.value() + "'");
      s.execute("ANALYZE");
    }
    User reader = users.get(1);
    double page = medianMillis(() -> node.core.messaging().list(reader.id(), big, MessageQuery.newest()));
    EventCursor head = node.core.events().head(reader.id());
    EventCursor behind = new EventCursor(head.position() - 500);
    double catchUp = medianMillis(() -> node.core.events().read(reader.id(), behind, 500));
    System.out.printf(Locale.ROOT, "%nwith 10^6 messages: newest-50 page %.2f ms median, catch-up of 500 events %.2f ms median%n",
        page, catchUp);
  }

  private static double medianMillis(Runnable call) {
    double[] ms = new double[201];
    for (int i = 0; i < 20; i++) {
      call.run();
    }
    for (int i = 0; i < ms.length; i++) {
      long start = System.nanoTime();
      call.run();
      ms[i] = (System.nanoTime() - start) / 1e6;
    }
    Arrays.sort(ms);
    return ms[ms.length / 2];
  }
}
