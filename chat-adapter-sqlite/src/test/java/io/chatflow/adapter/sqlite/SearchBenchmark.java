package io.chatflow.adapter.sqlite;

import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.user.User;
import io.chatflow.ports.in.NewConversation;
import io.chatflow.ports.in.Search;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Search at scale on SQLite, in one run (not a test):
 * <pre>
 * mvn -q -pl chat-adapter-sqlite -am test-compile exec:java@search-benchmark
 * </pre>
 * 1,000,000 messages in 1,000 conversations of 20 members (each user is in 20 of them), bodies of
 * 8 to 24 words drawn from a Zipf-distributed vocabulary of 20,000 words. Measures one-word
 * searches through the use case (a page of 20) across all of a user's conversations and within
 * one, then posting with the index and without it (its indexer paused) in alternating rounds on
 * the same file. Arguments (optional, -Dexec.args="5 1000000"): seconds per posting round, messages.
 */
public final class SearchBenchmark {
  private static final int CONVERSATIONS = 1_000;
  private static final int MEMBERS = 20;
  private static final int VOCABULARY = 20_000;
  private static final int POSTERS = 16;
  private static final int QUERIES = 1_000;

  private final Path file;
  private final int seconds;
  private final int messages;
  private final String[] words = vocabulary();
  private final double[] cumulative = zipf();
  private final List<String[]> rows = new ArrayList<>();

  private SearchBenchmark(Path file, int seconds, int messages) {
    this.file = file;
    this.seconds = seconds;
    this.messages = messages;
  }

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int messages = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    Path directory = Path.of("chat-adapter-sqlite/target/search-bench").toAbsolutePath();
    if (!Files.isDirectory(directory.getParent())) {
      directory = Path.of("target/search-bench").toAbsolutePath();
    }
    TestDatabases.delete(Files.createDirectories(directory));
    Files.createDirectories(directory);
    try {
      new SearchBenchmark(directory.resolve("search.db"), seconds, messages).run();
    } finally {
      TestDatabases.delete(directory);
    }
  }

  private void run() throws Exception {
    System.out.printf("JDK %s, %d cores, %s%n", Runtime.version(), Runtime.getRuntime().availableProcessors(), file);
    List<User> people = new ArrayList<>();
    List<ConversationId> rooms = new ArrayList<>();
    try (ChatFlowOnSqlite chat = new ChatFlowOnSqlite(SqliteSettings.of(file))) {
      for (int i = 0; i < CONVERSATIONS; i++) {
        people.add(chat.core.accounts().register("user" + i, "password", null));
      }
      for (int k = 0; k < CONVERSATIONS; k++) {
        List<io.chatflow.domain.user.UserId> members = new ArrayList<>();
        for (int j = 1; j < MEMBERS; j++) {
          members.add(people.get((k + j) % CONVERSATIONS).id());
        }
        rooms.add(chat.core.conversations().create(people.get(k).id(), NewConversation.group("Room " + k, members))
            .conversation().summary().conversation().id());
      }
    }
    long loadStart = System.nanoTime();
    fill(people, rooms);
    System.out.printf(Locale.ROOT, "loaded %,d messages in %.1f s%n", messages,
        (System.nanoTime() - loadStart) / 1e9);
    try (ChatFlowOnSqlite chat = new ChatFlowOnSqlite(SqliteSettings.of(file))) {
      long indexStart = System.nanoTime();
      chat.stores.searchIndexer().awaitIndexed(chat.stores.database().query(SqliteEventStore::head),
          java.time.Duration.ofMinutes(30));
      System.out.printf(Locale.ROOT, "indexed them (from the file, at the first open) in %.1f s%n",
          (System.nanoTime() - indexStart) / 1e9);
      User reader = people.get(0); // in rooms 0 and 981..999
      SplittableRandom random = new SplittableRandom(7);
      searches(chat, "one word (ranks 100-2,000), all 20 of a user's conversations", reader, null, random, 100, 2_000);
      searches(chat, "one word (ranks 100-2,000), one conversation", reader, rooms.get(0), random, 100, 2_000);
      searches(chat, "one word (ranks 1-10), all 20 of a user's conversations", reader, null, random, 1, 10);
      searches(chat, "one word (ranks 1-10), one conversation", reader, rooms.get(0), random, 1, 10);
      posting(chat, people, rooms);
    }
    System.out.println();
    System.out.println("| what | p50 | p99 | hits per query (mean) |");
    System.out.println("|---|---:|---:|---:|");
    for (String[] row : rows) {
      System.out.println("| " + String.join(" | ", row) + " |");
    }
  }

  private void searches(ChatFlowOnSqlite chat, String what, User reader, ConversationId only, SplittableRandom random,
      int fromRank, int toRank) {
    long[] times = new long[QUERIES + 200];
    long hits = 0;
    for (int i = 0; i < times.length; i++) {
      String q = words[fromRank - 1 + random.nextInt(toRank - fromRank + 1)];
      long start = System.nanoTime();
      var page = chat.core.search().messages(reader.id(), new Search.Request(q, only, null, null, 20));
      times[i] = System.nanoTime() - start;
      if (i >= 200) {
        hits += page.items().size();
      }
    }
    long[] measured = Arrays.stream(times, 200, times.length).sorted().toArray();
    rows.add(new String[] {"search: " + what, millis(measured[measured.length / 2]),
        millis(measured[(int) (measured.length * 0.99)]), String.format(Locale.ROOT, "%.1f", hits / (double) QUERIES)});
    System.out.println(String.join("  ", rows.get(rows.size() - 1)));
  }

  /**
   * Rounds with the index and without it (its indexer paused), in pairs whose order alternates, 16
   * posters each: the machine is shared, so each pair's ratio is taken and the median reported,
   * beside the writer's and the indexer's CPU time per post (which other processes' load does not
   * inflate), and how far behind the index was when a round with it ended.
   */
  private void posting(ChatFlowOnSqlite chat, List<User> people, List<ConversationId> rooms) throws Exception {
    SearchIndexer indexer = chat.stores.searchIndexer();
    postRound(chat, people, rooms, 5); // warm-up
    int pairs = 6;
    double[] with = new double[pairs];
    double[] without = new double[pairs];
    double[] ratios = new double[pairs];
    double[] cpuWith = new double[pairs];
    double[] cpuWithout = new double[pairs];
    double[] processWith = new double[pairs];
    double[] processWithout = new double[pairs];
    double[] batchWith = new double[pairs];
    double[] batchWithout = new double[pairs];
    double[] indexerCpu = new double[pairs];
    double[] lag = new double[pairs];
    for (int pair = 0; pair < pairs; pair++) {
      for (int half = 0; half < 2; half++) {
        boolean indexed = (pair + half) % 2 == 0;
        if (!indexed) {
          indexer.pause();
        }
        long indexerCpu0 = cpu("chatflow-sqlite-indexer");
        long posted0 = chat.stores.database().query(SqliteEventStore::head);
        double[] measured = postRound(chat, people, rooms, seconds);
        long head = chat.stores.database().query(SqliteEventStore::head);
        long caughtUp = System.nanoTime();
        indexer.resume();
        indexer.awaitIndexed(head, java.time.Duration.ofMinutes(10));
        if (indexed) {
          lag[pair] = (System.nanoTime() - caughtUp) / 1e6;
          indexerCpu[pair] = (cpu("chatflow-sqlite-indexer") - indexerCpu0) / 1e3 / (head - posted0);
        }
        (indexed ? with : without)[pair] = measured[0];
        (indexed ? cpuWith : cpuWithout)[pair] = measured[1];
        (indexed ? processWith : processWithout)[pair] = measured[2];
        (indexed ? batchWith : batchWithout)[pair] = measured[3];
      }
      ratios[pair] = with[pair] / without[pair];
    }
    System.out.printf(Locale.ROOT, "posting, %d posters, %d s rounds: with the index %s; without %s%n", POSTERS,
        seconds, Arrays.toString(with), Arrays.toString(without));
    rows.add(new String[] {"posts/s with the index (median of " + pairs + " rounds)",
        String.format(Locale.ROOT, "%,.0f", median(with)), "", ""});
    rows.add(new String[] {"posts/s without it (same file, indexer paused)",
        String.format(Locale.ROOT, "%,.0f", median(without)), "", ""});
    rows.add(new String[] {"posting with the index, share of without (median of paired rounds)",
        String.format(Locale.ROOT, "%.0f%%", 100 * median(ratios)), "", ""});
    rows.add(new String[] {"writer thread CPU per post, with / without the index",
        String.format(Locale.ROOT, "%.0f us / %.0f us", median(cpuWith), median(cpuWithout)), "", ""});
    rows.add(new String[] {"indexer thread CPU per post",
        String.format(Locale.ROOT, "%.0f us", median(indexerCpu)), "", ""});
    rows.add(new String[] {"index behind when a round with it ended: time to catch up (median / max)",
        String.format(Locale.ROOT, "%.1f ms / %.1f ms", median(lag), Arrays.stream(lag).max().orElse(0)), "", ""});
    rows.add(new String[] {"posts per group commit, with / without the index",
        String.format(Locale.ROOT, "%.1f / %.1f", median(batchWith), median(batchWithout)), "", ""});
    rows.add(new String[] {"whole process CPU per post, with / without (without/with: the share when CPU-bound)",
        String.format(Locale.ROOT, "%.0f us / %.0f us (%.0f%%)", median(processWith), median(processWithout),
            100 * median(processWithout) / median(processWith)), "", ""});
  }

  private static long cpu(String threadName) {
    long id = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(threadName))
        .findFirst().orElseThrow().getId();
    return java.lang.management.ManagementFactory.getThreadMXBean().getThreadCpuTime(id);
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /** Posts per second, the writer thread's and the whole process's CPU microseconds per post, posts per commit. */
  private double[] postRound(ChatFlowOnSqlite chat, List<User> people, List<ConversationId> rooms, int secs)
      throws Exception {
    var threads = java.lang.management.ManagementFactory.getThreadMXBean();
    long writer = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("chatflow-sqlite-writer")).findFirst().orElseThrow().getId();
    var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    long cpu0 = threads.getThreadCpuTime(writer);
    long process0 = os.getProcessCpuTime();
    long batches0 = chat.stores.groupCommit().batches();
    AtomicLong posted = new AtomicLong();
    CountDownLatch done = new CountDownLatch(POSTERS);
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(secs);
    long start = System.nanoTime();
    for (int t = 0; t < POSTERS; t++) {
      int k = t * (CONVERSATIONS / POSTERS);
      SplittableRandom random = new SplittableRandom(1000 + t);
      Thread thread = new Thread(() -> {
        while (System.nanoTime() < end) {
          chat.core.messaging().post(people.get(k).id(), rooms.get(k), body(random), null);
          posted.incrementAndGet();
        }
        done.countDown();
      });
      thread.start();
    }
    done.await();
    long cpu = threads.getThreadCpuTime(writer) - cpu0;
    long process = os.getProcessCpuTime() - process0;
    long batches = chat.stores.groupCommit().batches() - batches0;
    return new double[] {posted.get() / ((System.nanoTime() - start) / 1e9), cpu / 1e3 / posted.get(),
        process / 1e3 / posted.get(), posted.get() / (double) Math.max(1, batches)};
  }

  /** Bulk-loads the messages (round robin over the conversations, each from a member); ChatFlow indexes them when it opens. */
  private void fill(List<User> people, List<ConversationId> rooms) throws Exception {
    SplittableRandom random = new SplittableRandom(42);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
      long[] numbers = new long[rooms.size()];
      try (PreparedStatement no = c.prepareStatement("SELECT no FROM conversations WHERE id = ?")) {
        for (int k = 0; k < rooms.size(); k++) {
          no.setString(1, rooms.get(k).value());
          try (ResultSet rs = no.executeQuery()) {
            rs.next();
            numbers[k] = rs.getLong(1);
          }
        }
      }
      long[] seqs = new long[rooms.size()];
      long now = Times.nanos(java.time.Instant.now()) - messages * 1_000_000L;
      try (PreparedStatement insert = c.prepareStatement("""
          INSERT INTO messages (conversation_no, seq, id, sender_id, body, created_at, deleted)
          VALUES (?, ?, ?, ?, ?, ?, 0)""")) {
        for (int i = 0; i < messages; i++) {
          if (i % 50_000 == 0) {
            if (i > 0) {
              s.execute("COMMIT");
            }
            s.execute("BEGIN IMMEDIATE");
          }
          int k = i % rooms.size();
          insert.setLong(1, numbers[k]);
          insert.setLong(2, ++seqs[k]);
          insert.setString(3, UUID.randomUUID().toString());
          insert.setString(4, people.get((k + random.nextInt(MEMBERS)) % CONVERSATIONS).id().value());
          insert.setString(5, body(random));
          insert.setLong(6, now + i * 1_000_000L);
          insert.executeUpdate();
        }
      }
      try (PreparedStatement update = c.prepareStatement("UPDATE conversations SET last_seq = ? WHERE no = ?")) {
        for (int k = 0; k < rooms.size(); k++) {
          update.setLong(1, seqs[k]);
          update.setLong(2, numbers[k]);
          update.executeUpdate();
        }
      }
      s.execute("COMMIT");
      s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
    }
  }

  private String body(SplittableRandom random) {
    int length = 8 + random.nextInt(17);
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < length; i++) {
      body.append(i == 0 ? "" : " ").append(words[rank(random.nextDouble())]);
    }
    return body.toString();
  }

  private int rank(double u) {
    int found = Arrays.binarySearch(cumulative, u);
    return Math.min(VOCABULARY - 1, found >= 0 ? found : -found - 1);
  }

  /** Made-up words of two to four syllables, all distinct, in rank order. */
  private static String[] vocabulary() {
    String[] syllables = {"ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "pe", "da", "fu", "go", "ha", "ji", "ze",
        "bo", "ly", "qu", "xi", "wa", "cre", "bré", "ö", "nu"};
    SplittableRandom random = new SplittableRandom(3);
    java.util.LinkedHashSet<String> words = new java.util.LinkedHashSet<>();
    while (words.size() < VOCABULARY) {
      int n = 2 + random.nextInt(3);
      StringBuilder w = new StringBuilder();
      for (int i = 0; i < n; i++) {
        w.append(syllables[random.nextInt(syllables.length)]);
      }
      words.add(w.toString());
    }
    return words.toArray(String[]::new);
  }

  private static double[] zipf() {
    double[] c = new double[VOCABULARY];
    double sum = 0;
    for (int r = 0; r < VOCABULARY; r++) {
      sum += 1.0 / (r + 1);
      c[r] = sum;
    }
    for (int r = 0; r < VOCABULARY; r++) {
      c[r] /= sum;
    }
    return c;
  }

  private static String millis(long nanos) {
    return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
  }
}
