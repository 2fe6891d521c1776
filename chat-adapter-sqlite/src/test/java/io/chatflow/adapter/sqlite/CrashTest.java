package io.chatflow.adapter.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatflow.domain.conversation.Conversation;
import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.message.Message;
import io.chatflow.domain.search.SearchTerms;
import io.chatflow.ports.out.SearchStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Kills a posting process with SIGKILL at a random moment and checks that every message
 * it acknowledged is there exactly once, seq has no gaps, and the file is intact.
 */
@Timeout(120) // a stuck child or read must fail the test, not hang the build
class CrashTest {
  private static final int ITERATIONS = 3;
  private static final int THREADS = 8;

  @Test
  void everyAcknowledgedPostSurvivesAKillExactlyOnce() throws Exception {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    for (int i = 0; i < ITERATIONS; i++) {
      int killAfter = 20 + random.nextInt(400);
      Path directory = TestDatabases.newDirectory();
      try {
        crashAndCheck(directory.resolve("chatflow.db"), killAfter, "seed " + seed + ", iteration " + i);
      } finally {
        TestDatabases.delete(directory);
      }
    }
  }

  private void crashAndCheck(Path file, int killAfter, String run) throws Exception {
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), CrashChild.class.getName(), file.toString(),
        Integer.toString(THREADS))
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    // body -> "conversation seq" as acknowledged
    Map<String, String> acked = new HashMap<>();
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(),
        StandardCharsets.UTF_8))) {
      String line;
      boolean killed = false;
      while ((line = lines.readLine()) != null) {
        if (line.startsWith("ACK ")) {
          String[] parts = line.split(" ");
          assertThat(acked.put(parts[3], parts[1] + " " + parts[2])).as(run + ": acknowledged twice").isNull();
          if (!killed && acked.size() >= killAfter) {
            // SIGKILL through the handle: Process.destroyForcibly would also close our end of the pipe
            child.toHandle().destroyForcibly();
            killed = true;
          }
        }
      }
      assertThat(killed).as(run + ": the child posted until killed").isTrue();
    } finally {
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    try (SqliteStores stores = SqliteStores.open(SqliteSettings.of(file))) {
      Map<String, String> stored = new HashMap<>();
      for (ConversationId id : conversationsOf(acked)) {
        Conversation conversation = stores.conversations().findById(id).orElseThrow();
        List<Message> all = new ArrayList<>();
        long after = 0;
        List<Message> page;
        while (!(page = stores.messages().after(id, after, 200)).isEmpty()) {
          all.addAll(page);
          after = page.get(page.size() - 1).seq();
        }
        for (int k = 0; k < all.size(); k++) {
          assertThat(all.get(k).seq()).as(run + ": seq without gaps").isEqualTo(k + 1);
          assertThat(stored.put(all.get(k).body(), id + " " + all.get(k).seq())).as(run + ": stored twice").isNull();
        }
        assertThat(conversation.lastSeq()).as(run + ": lastSeq").isEqualTo(all.size());
      }
      assertThat(stored).as(run + ": every acknowledged message, where it was acknowledged").containsAllEntriesOf(acked);
      // the index, a file of its own, goes on from where the crash left it: every message is found once
      for (var ack : acked.entrySet()) {
        var query = new SearchStore.Query(SearchTerms.parse(ack.getKey()),
            Set.of(new ConversationId(ack.getValue().split(" ")[0])), null, null, 1_000);
        assertThat(stores.search().search(query)).as(run + ": found by search")
            .filteredOn(hit -> hit.message().body().equals(ack.getKey())).hasSize(1);
      }
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + SearchIndex.file(SqliteSettings.of(file)));
        Statement s = c.createStatement()) {
      s.execute("INSERT INTO message_words (message_words, rank) VALUES ('integrity-check', 0)");
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).as(run).isEqualTo("ok");
    }
  }

  private static List<ConversationId> conversationsOf(Map<String, String> acked) {
    return acked.values().stream().map(v -> v.split(" ")[0]).distinct().map(ConversationId::new).toList();
  }
}
