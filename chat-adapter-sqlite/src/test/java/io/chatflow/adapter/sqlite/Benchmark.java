package io.chatflow.adapter.sqlite;

import io.chatflow.domain.conversation.Kind;
import io.chatflow.ports.in.NewConversation;
import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.user.User;
import io.chatflow.ports.in.ConversationSummary;
import io.chatflow.ports.in.MessageQuery;
import io.chatflow.domain.Page;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.sqlite.SQLiteConfig;

/**
 * The SQLite store's speed, in one run (not a test):
 * <pre>
 * mvn -q -pl chat-adapter-sqlite -am test-compile exec:java@sqlite-benchmark
 * </pre>
 * Arguments (optional, with -Dexec.args="5 post 64"): seconds per measurement (default 5),
 * {@code post} to run only the posting levels, and which levels (default 1, 16 and 64). Files go to
 * chat-adapter-sqlite/target/bench and are deleted afterwards.
 */
public final class Benchmark {
  private static final String BODY = "A message of ordinary length, the kind people send all day long in a team chat. "
      + "Around two hundred characters, with some punctuation, numbers like 42 and no markup at all, just text.";

  private final Path directory;
  private final int seconds;
  private final boolean postingOnly;
  private final int[] levels;
  private final List<String[]> rows = new ArrayList<>();

  private Benchmark(Path directory, int seconds, boolean postingOnly, int[] levels) {
    this.directory = directory;
    this.seconds = seconds;
    this.postingOnly = postingOnly;
    this.levels = levels;
  }

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    Path directory = Path.of("chat-adapter-sqlite/target/bench").toAbsolutePath();
    if (!Files.isDirectory(directory.getParent())) {
      directory = Path.of("target/bench").toAbsolutePath();
    }
    TestDatabases.delete(Files.createDirectories(directory));
    Files.createDirectories(directory);
    int[] levels = args.length > 2
        ? Arrays.stream(args, 2, args.length).mapToInt(Integer::parseInt).toArray()
        : new int[] {1, 16, 64};
    Benchmark benchmark = new Benchmark(directory, seconds, args.length > 1 && args[1].equals("post"), levels);
    try {
      benchmark.run();
    } finally {
      TestDatabases.delete(directory);
    }
  }

  private void run() throws Exception {
    System.out.printf("JDK %s, %d cores, files in %s%n%n", Runtime.version(), Runtime.getRuntime().availableProcessors(),
        directory);
    if (postingOnly) {
      for (int posters : levels) {
        posting(posters);
      }
      return;
    }
    double ceiling1 = ceiling(1);
    double ceiling100 = ceiling(100);
    row("ceiling: raw inserts, batch of 1 per transaction", ceiling1, null);
    added();
    row("ceiling: raw inserts, batch of 100 per transaction", ceiling100, null);
    added();
    double atMost = 0;
    for (int posters : levels) {
      atMost = posting(posters);
    }
    pageOfAMillion();
    conversationList();
    System.out.println();
    System.out.println("| what | msgs/s | p50 | p99 |");
    System.out.println("|---|---:|---:|---:|");
    for (String[] row : rows) {
      System.out.println("| " + String.join(" | ", row) + " |");
    }
    System.out.printf(Locale.ROOT, "%n%d posters reach %.0f%% of the batch-100 ceiling (goal, at 64: at least 50%%)%n",
        levels[levels.length - 1], 100 * atMost / ceiling100);
  }

  /** Raw sqlite-jdbc inserts of message-sized rows on one connection, WAL + FULL. */
  private double ceiling(int batch) throws Exception {
    Path file = directory.resolve("ceiling-" + batch + ".db");
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file, config.toProperties());
        Statement s = c.createStatement()) {
      s.execute("""
          CREATE TABLE messages (conversation_id TEXT NOT NULL, seq INTEGER NOT NULL, id TEXT NOT NULL,
            sender_id TEXT NOT NULL, body TEXT NOT NULL, created_at INTEGER NOT NULL, PRIMARY KEY (conversation_id, seq))""");
      String conversation = UUID.randomUUID().toString();
      String sender = UUID.randomUUID().toString();
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO messages VALUES (?, ?, ?, ?, ?, ?)")) {
        long seq = 0;
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long start = System.nanoTime();
        while (System.nanoTime() < end) {
          s.execute("BEGIN IMMEDIATE");
          for (int i = 0; i < batch; i++) {
            insert.setString(1, conversation);
            insert.setLong(2, ++seq);
            insert.setString(3, UUID.randomUUID().toString());
            insert.setString(4, sender);
            insert.setString(5, BODY);
            insert.setLong(6, System.currentTimeMillis());
            insert.executeUpdate();
          }
          s.execute("COMMIT");
        }
        return seq / ((System.nanoTime() - start) / 1e9);
      }
    }
  }

  /** Posts through the use case from {@code posters} threads for the set time; returns messages per second. */
  private double posting(int posters) throws Exception {
    Path file = directory.resolve("posting-" + posters + ".db");
    try (ChatFlowOnSqlite chat = new ChatFlowOnSqlite(SqliteSettings.of(file))) {
      List<User> people = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        people.add(chat.core.accounts().register("user" + i, "password", null));
      }
      List<ConversationId> rooms = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        rooms.add(chat.core.conversations().create(people.get(0).id(), NewConversation.group("Room " + i,
            people.subList(1, people.size()).stream().map(User::id).toList()))
            .conversation().summary().conversation().id());
      }
      // warm up: the JIT, the statement cache, the page cache
      run(chat, people, rooms, posters, 1);
      var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
      var threads = java.lang.management.ManagementFactory.getThreadMXBean();
      long writerId = Thread.getAllStackTraces().keySet().stream()
          .filter(t -> t.getName().equals("chatflow-sqlite-writer")).findFirst().orElseThrow().getId();
      long cpu0 = os.getProcessCpuTime();
      long writer0 = threads.getThreadCpuTime(writerId);
      long batches0 = chat.stores.groupCommit().batches();
      long[] load0 = chat.stores.groupCommit().load();
      long[][] latencies = run(chat, people, rooms, posters, seconds);
      long batches = chat.stores.groupCommit().batches() - batches0;
      long[] load = chat.stores.groupCommit().load();
      long cpu = os.getProcessCpuTime() - cpu0;
      long writerCpu = threads.getThreadCpuTime(writerId) - writer0;
      long total = Arrays.stream(latencies).mapToLong(l -> l.length).sum();
      long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
      double rate = total / (double) seconds;
      System.out.printf(Locale.ROOT, "  %d posters: %.1f writes per commit; writer per batch: %.2f ms running writes, "
          + "%.2f ms committing; CPU per post: %.0f us (all threads), %.0f us (writer)%n",
          posters, (load[0] - load0[0]) / (double) batches, (load[1] - load0[1]) / 1e6 / batches,
          (load[2] - load0[2]) / 1e6 / batches, cpu / 1e3 / total, writerCpu / 1e3 / total);
      rows.add(new String[] {"ChatFlow post, " + posters + " concurrent poster" + (posters > 1 ? "s" : ""),
          String.format(Locale.ROOT, "%,.0f", rate), millis(all[all.length / 2]), millis(all[(int) (all.length * 0.99)])});
      added();
      return rate;
    }
  }

  private long[][] run(ChatFlowOnSqlite chat, List<User> people, List<ConversationId> rooms, int posters, int secs)
      throws Exception {
    long[][] latencies = new long[posters][];
    CountDownLatch done = new CountDownLatch(posters);
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(secs);
    for (int t = 0; t < posters; t++) {
      int poster = t;
      // member of every room: user0 owns room 0, users 1..7 are in all
      User sender = people.get(1 + poster % 7);
      ConversationId room = rooms.get(poster % rooms.size());
      Thread thread = new Thread(() -> {
        long[] mine = new long[1 << 16];
        int n = 0;
        while (System.nanoTime() < end) {
          long start = System.nanoTime();
          chat.core.messaging().post(sender.id(), room, BODY, null);
          if (n == mine.length) {
            mine = Arrays.copyOf(mine, n * 2);
          }
          mine[n++] = System.nanoTime() - start;
        }
        latencies[poster] = Arrays.copyOf(mine, n);
        done.countDown();
      });
      thread.start();
    }
    done.await();
    return latencies;
  }

  /** The newest page of 50 from a conversation of 1,000,000 messages, through the use case. */
  private void pageOfAMillion() throws Exception {
    Path file = directory.resolve("million.db");
    ConversationId room;
    User reader;
    try (ChatFlowOnSqlite chat = new ChatFlowOnSqlite(SqliteSettings.of(file))) {
      reader = chat.core.accounts().register("reader", "password", null);
      User writer = chat.core.accounts().register("writer", "password", null);
      room = chat.core.conversations().create(reader.id(), new NewConversation(Kind.GROUP, "Big", List.of(writer.id())))
          .conversation().summary().conversation().id();
      fill(file, room, writer, 1_000_000);
    }
    try (ChatFlowOnSqlite chat = new ChatFlowOnSqlite(SqliteSettings.of(file))) {
      long[] times = new long[2000];
      for (int i = 0; i < times.length; i++) {
        long start = System.nanoTime();
        var page = chat.core.messaging().list(reader.id(), room, MessageQuery.newest());
        times[i] = System.nanoTime() - start;
        if (page.items().size() != 50 || page.items().get(49).message().seq() != 1_000_000) {
          throw new IllegalStateException("wrong page");
        }
      }
      long[] measured = Arrays.stream(times, 500, times.length).sorted().toArray();
      rows.add(new String[] {"newest page of 50 from 1,000,000 messages (use case)", "",
          millis(measured[measured.length / 2]), millis(measured[(int) (measured.length * 0.99)])});
    }
  }

  /** Bulk-loads messages straight into the table, then sets the conversation's lastSeq. */
  private static void fill(Path file, ConversationId room, User sender, int count) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
      SearchWords.register(c); // the search index's triggers call it
      s.execute("BEGIN IMMEDIATE");
      try (PreparedStatement insert = c.prepareStatement("""
          INSERT INTO messages (conversation_no, seq, id, sender_id, body, created_at, deleted)
          VALUES ((SELECT no FROM conversations WHERE id = ?), ?, ?, ?, ?, ?, 0)""")) {
        long now = Times.nanos(java.time.Instant.now());
        for (int seq = 1; seq <= count; seq++) {
          insert.setString(1, room.value());
          insert.setLong(2, seq);
          insert.setString(3, UUID.randomUUID().toString());
          insert.setString(4, sender.id().value());
          insert.setString(5, BODY);
          insert.setLong(6, now + seq);
          insert.executeUpdate();
        }
      }
      try (PreparedStatement update = c.prepareStatement("UPDATE conversations SET last_seq = ? WHERE id = ?")) {
        update.setLong(1, count);
        update.setString(2, room.value());
        update.executeUpdate();
      }
      s.execute("COMMIT");
    }
  }

  /** A user's 500 conversations with unread counts, listed through the use case in pages of 200. */
  private void conversationList() throws Exception {
    Path file = directory.resolve("list.db");
    try (ChatFlowOnSqlite chat = new ChatFlowOnSqlite(SqliteSettings.of(file))) {
      User me = chat.core.accounts().register("lister", "password", null);
      User other = chat.core.accounts().register("other", "password", null);
      List<Thread> creators = new ArrayList<>();
      for (int t = 0; t < 10; t++) {
        Thread thread = new Thread(() -> {
          for (int i = 0; i < 50; i++) {
            ConversationId id = chat.core.conversations().create(other.id(), new NewConversation(Kind.GROUP, "Room", List.of(me.id())))
                .conversation().summary().conversation().id();
            for (int m = 0; m < 20; m++) {
              chat.core.messaging().post(other.id(), id, BODY, null);
            }
          }
        });
        thread.start();
        creators.add(thread);
      }
      for (Thread thread : creators) {
        thread.join();
      }
      long[] times = new long[300];
      for (int i = 0; i < times.length; i++) {
        long start = System.nanoTime();
        int seen = 0;
        String cursor = null;
        do {
          Page<ConversationSummary> page = chat.core.conversations().list(me.id(), cursor, 200);
          seen += page.items().size();
          cursor = page.nextCursor();
        } while (cursor != null);
        times[i] = System.nanoTime() - start;
        if (seen != 500) {
          throw new IllegalStateException("listed " + seen);
        }
      }
      long[] measured = Arrays.stream(times, 50, times.length).sorted().toArray();
      rows.add(new String[] {"list a user's 500 conversations with unread counts (3 pages)", "",
          millis(measured[measured.length / 2]), millis(measured[(int) (measured.length * 0.99)])});
    }
  }

  private void row(String what, double rate, String note) {
    rows.add(new String[] {what, String.format(Locale.ROOT, "%,.0f", rate), "", ""});
  }

  private void added() {
    System.out.println(String.join("  ", rows.get(rows.size() - 1)));
  }

  private static String millis(long nanos) {
    return String.format(Locale.ROOT, "%.3f ms", nanos / 1e6);
  }
}
