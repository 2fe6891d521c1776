package io.chatflow.adapter.sqlite;

import io.chatflow.domain.conversation.Kind;
import io.chatflow.ports.in.NewConversation;
import static org.assertj.core.api.Assertions.assertThat;

import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.event.EventCursor;
import io.chatflow.domain.event.EventType;
import io.chatflow.domain.user.User;
import io.chatflow.ports.in.DeliveredEvent;
import io.chatflow.ports.in.EventBatch;
import io.chatflow.ports.in.MessageQuery;
import io.chatflow.ports.in.MessageView;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Readers and writers at once through the real use cases: no SQLITE_BUSY, no lost write, reads always consistent. */
@Timeout(120) // a lost completion would hang a caller: fail instead
class ConcurrencyTest {
  private static final int WRITERS = 6;
  private static final int READERS = 4;
  private static final long RUN_MILLIS = 2_000;

  @Test
  void readersAndWritersAtOnceLoseNothingAndSeeConsistentPages() throws Exception {
    Path directory = TestDatabases.newDirectory();
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS + READERS);
    try (ChatFlowOnSqlite chat = new ChatFlowOnSqlite(TestDatabases.settings(directory))) {
      User alice = chat.core.accounts().register("alice", "password", null);
      User bob = chat.core.accounts().register("bob", "password", null);
      List<ConversationId> rooms = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        rooms.add(chat.core.conversations().create(alice.id(), new NewConversation(Kind.GROUP, "Room " + i, List.of(bob.id())))
            .conversation().summary().conversation().id());
      }
      EventCursor start = chat.core.events().head(bob.id());
      Queue<String> acked = new ConcurrentLinkedQueue<>();
      AtomicBoolean stop = new AtomicBoolean();
      List<Future<?>> running = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        int writer = w;
        running.add(pool.submit(() -> {
          for (int n = 0; !stop.get(); n++) {
            ConversationId room = rooms.get((writer + n) % rooms.size());
            MessageView posted = chat.core.messaging().post(writer % 2 == 0 ? alice.id() : bob.id(), room,
                "w" + writer + "-" + n, null).message();
            acked.add(room + " " + posted.message().seq() + " " + posted.message().body());
          }
          return null;
        }));
      }
      for (int r = 0; r < READERS; r++) {
        int reader = r;
        running.add(pool.submit(() -> {
          EventCursor cursor = start;
          for (int n = 0; !stop.get(); n++) {
            List<MessageView> page = chat.core.messaging()
                .list(alice.id(), rooms.get((reader + n) % rooms.size()), MessageQuery.newest()).items();
            for (int k = 1; k < page.size(); k++) {
              assertThat(page.get(k).message().seq()).isEqualTo(page.get(k - 1).message().seq() + 1);
            }
            EventBatch batch = chat.core.events().read(bob.id(), cursor, 100);
            for (DeliveredEvent e : batch.events()) {
              assertThat(e.id()).isGreaterThan(cursor);
              cursor = e.id();
            }
          }
          return null;
        }));
      }
      // let them run side by side for a while (the pool is never shut down, so this waits RUN_MILLIS)
      pool.awaitTermination(RUN_MILLIS, TimeUnit.MILLISECONDS);
      stop.set(true);
      for (Future<?> f : running) {
        f.get(30, TimeUnit.SECONDS); // rethrows any SQLITE_BUSY or inconsistent page
      }

      Map<String, Long> lastSeqs = new HashMap<>();
      for (ConversationId room : rooms) {
        lastSeqs.put(room.value(), chat.stores.conversations().findById(room).orElseThrow().lastSeq());
      }
      assertThat(acked).hasSizeGreaterThan(WRITERS);
      assertThat(lastSeqs.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(acked.size());
      for (String ack : acked) {
        String[] parts = ack.split(" ");
        assertThat(chat.stores.messages().findBySeq(new ConversationId(parts[0]), Long.parseLong(parts[1])))
            .get().extracting(m -> m.body()).isEqualTo(parts[2]);
      }
      long created = 0;
      EventCursor cursor = start;
      EventBatch batch;
      while (!(batch = chat.core.events().read(bob.id(), cursor, 200)).events().isEmpty()) {
        created += batch.events().stream().filter(e -> e.type() == EventType.MESSAGE_CREATED).count();
        cursor = batch.cursor();
      }
      assertThat(created).as("one message.created event per post").isEqualTo(acked.size());
    } finally {
      pool.shutdownNow();
      TestDatabases.delete(directory);
    }
  }
}
