package io.chatflow.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.event.Event;
import io.chatflow.domain.event.EventCursor;
import io.chatflow.domain.event.EventType;
import io.chatflow.domain.message.Message;
import io.chatflow.domain.user.Username;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Kills a posting ChatFlow process with SIGKILL at a random moment: every message it
 * acknowledged is there exactly once, seq has no gaps, and the log holds the messages in seq order.
 */
@NeedsPostgres
@Timeout(120) // a stuck child or read must fail the test, not hang the build
class CrashTest {
  private static final int ITERATIONS = 2;
  private static final int THREADS = 8;

  @Test
  void everyAcknowledgedPostSurvivesAKillExactlyOnceAndSeqStaysGapFree() throws Exception {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    for (int i = 0; i < ITERATIONS; i++) {
      PostgresSettings settings = TestDatabase.freshSchema();
      try {
        crashAndCheck(settings, 20 + random.nextInt(300), "seed " + seed + ", iteration " + i);
      } finally {
        TestDatabase.drop(settings.schema());
      }
    }
  }

  private void crashAndCheck(PostgresSettings settings, int killAfter, String run) throws Exception {
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), CrashChild.class.getName(), settings.schema(),
        Integer.toString(THREADS))
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
    Map<String, String> acked = new HashMap<>(); // body -> "conversation seq" as acknowledged
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      boolean killed = false;
      while ((line = lines.readLine()) != null) {
        if (line.startsWith("ACK ")) {
          String[] parts = line.split(" ");
          assertThat(acked.put(parts[3], parts[1] + " " + parts[2])).as(run + ": acknowledged twice").isNull();
          if (!killed && acked.size() >= killAfter) {
            child.toHandle().destroyForcibly(); // SIGKILL, and our end of the pipe stays open to read what is left
            killed = true;
          }
        }
      }
      assertThat(killed).as(run + ": the child posted until killed").isTrue();
    } finally {
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    try (PostgresStores stores = PostgresStores.open(settings)) {
      var bob = stores.transactions().read(() -> stores.users().findByUsername(Username.of("bob"))).orElseThrow();
      Map<String, String> stored = new HashMap<>();
      for (ConversationId id : acked.values().stream().map(v -> new ConversationId(v.split(" ")[0])).distinct().toList()) {
        List<Message> all = stores.transactions().read(() -> stores.messages().after(id, 0, 1_000_000));
        for (int k = 0; k < all.size(); k++) {
          assertThat(all.get(k).seq()).as(run + ": seq without gaps").isEqualTo(k + 1);
          assertThat(stored.put(all.get(k).body(), id + " " + all.get(k).seq())).as(run + ": stored twice").isNull();
        }
        long lastSeq = stores.transactions().read(() -> stores.conversations().findById(id)).orElseThrow().lastSeq();
        assertThat(lastSeq).as(run + ": lastSeq").isEqualTo(all.size());
        List<Long> logged = new ArrayList<>();
        EventCursor after = EventCursor.START;
        List<Event> page;
        while (!(page = readAfter(stores, bob.user().id(), after)).isEmpty()) {
          page.stream().filter(e -> e.type() == EventType.MESSAGE_CREATED && e.conversationId().equals(id))
              .forEach(e -> logged.add(e.seq()));
          after = page.get(page.size() - 1).cursor();
        }
        assertThat(logged).as(run + ": the log has every message once, in seq order")
            .containsExactlyElementsOf(all.stream().map(Message::seq).toList());
      }
      assertThat(stored).as(run + ": every acknowledged message, where it was acknowledged").containsAllEntriesOf(acked);
    }
  }

  private static List<Event> readAfter(PostgresStores stores, io.chatflow.domain.user.UserId user, EventCursor after) {
    return stores.transactions().read(() -> stores.events().readFor(user, after, 500));
  }
}
