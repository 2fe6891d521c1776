package io.chatflow.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatflow.domain.NotFoundException;
import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.conversation.Kind;
import io.chatflow.domain.message.Message;
import io.chatflow.domain.user.User;
import io.chatflow.ports.in.Messaging.Posted;
import io.chatflow.ports.in.NewConversation;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Posts that share one batch, read ahead together: each still sees what the ones before it in
 * the batch did (a clientMessageId they used, the seq they took), and one that is not a member
 * fails alone.
 */
@NeedsPostgres
class ReadAheadTest {
  private PostgresSettings settings;
  private ChatFlowOnPostgres node;
  private User alice;
  private User bob;
  private User carol;
  private ConversationId team;

  @BeforeEach
  void aliceAndBobInATeam() {
    settings = TestDatabase.freshSchema();
    node = new ChatFlowOnPostgres(settings);
    alice = node.core.accounts().register("alice", "password", null);
    bob = node.core.accounts().register("bob", "password", null);
    carol = node.core.accounts().register("carol", "password", null);
    team = node.core.conversations().create(alice.id(), new NewConversation(Kind.GROUP, "Team", List.of(bob.id())))
        .conversation().summary().conversation().id();
  }

  @AfterEach
  void drop() {
    node.close();
    TestDatabase.drop(settings.schema());
  }

  /** The posts as one batch, in the order given. */
  private List<CompletableFuture<Posted>> oneBatch(List<Supplier<Posted>> posts) {
    return OneBatch.of((PostgresTransactions) node.stores.transactions(), posts);
  }

  @Test
  void aClientMessageIdUsedEarlierInTheBatchFindsThatMessageAndSeqsFollowEachOther() throws Exception {
    List<CompletableFuture<Posted>> outcomes = oneBatch(List.of(
        () -> node.core.messaging().post(alice.id(), team, "hello", "c-1"),
        () -> node.core.messaging().post(bob.id(), team, "hi", null),
        () -> node.core.messaging().post(alice.id(), team, "hello again", "c-1"),
        () -> node.core.messaging().post(carol.id(), team, "let me in", null),
        () -> node.core.messaging().post(bob.id(), team, "and again", "c-1")));

    Posted first = outcomes.get(0).get(30, TimeUnit.SECONDS);
    Posted retried = outcomes.get(2).get(30, TimeUnit.SECONDS);
    assertThat(first.created()).isTrue();
    assertThat(retried.created()).isFalse();
    assertThat(retried.message().message()).isEqualTo(first.message().message());
    assertThat(outcomes.get(3)).failsWithin(30, TimeUnit.SECONDS).withThrowableOfType(ExecutionException.class)
        .withCauseInstanceOf(NotFoundException.class);
    assertThat(outcomes.get(4).get(30, TimeUnit.SECONDS).created()).isTrue();
    List<Message> stored = node.stores.transactions().read(() -> node.stores.messages().after(team, 0, 10));
    assertThat(stored).extracting(Message::body).containsExactly("hello", "hi", "and again");
    assertThat(stored).extracting(Message::seq).containsExactly(1L, 2L, 3L);
    assertThat(outcomes.get(1).get(30, TimeUnit.SECONDS).message().sender()).isEqualTo(bob);
  }

  @Test
  void aPostRetriedInALaterBatchIsFoundAheadAndItsBatchRunsOnce() throws Exception {
    Posted first = node.core.messaging().post(alice.id(), team, "hello", "c-1");
    Posted reply = node.core.messaging().post(bob.id(), team, "hello to you", "c-2", first.message().message().seq());
    Logger log = (Logger) LoggerFactory.getLogger(GroupCommit.class);
    ListAppender<ILoggingEvent> events = new ListAppender<>();
    events.start();
    Level level = log.getLevel();
    log.setLevel(Level.DEBUG);
    log.addAppender(events);
    try {
      List<CompletableFuture<Posted>> outcomes = oneBatch(List.of(
          () -> node.core.messaging().post(alice.id(), team, "hello", "c-1"),
          () -> node.core.messaging().post(bob.id(), team, "hello to you", "c-2", first.message().message().seq()),
          () -> node.core.messaging().post(bob.id(), team, "something new", "c-3")));

      Posted retried = outcomes.get(0).get(30, TimeUnit.SECONDS);
      Posted retriedReply = outcomes.get(1).get(30, TimeUnit.SECONDS);
      assertThat(retried.created()).isFalse();
      // the message as it is now: with its reply counted
      assertThat(retried.message().message().id()).isEqualTo(first.message().message().id());
      assertThat(retried.message().message().replyCount()).isEqualTo(1);
      assertThat(retriedReply.created()).isFalse();
      assertThat(retriedReply.message().message()).isEqualTo(reply.message().message());
      assertThat(outcomes.get(2).get(30, TimeUnit.SECONDS).message().message().seq()).isEqualTo(3);
    } finally {
      log.detachAppender(events);
      log.setLevel(level);
    }
    assertThat(events.list).extracting(ILoggingEvent::getFormattedMessage)
        .noneMatch(m -> m.startsWith("event=postgres_batch_rerun"));
  }

  @Test
  void messagesAreLookedUpByClientIdThroughTheIndexEvenInAPlanMadeWhileTheTableWasEmpty() throws Exception {
    String sql = ReadAhead.BY_CLIENT_IDS.replaceFirst("\\?", "\\$1").replaceFirst("\\?", "\\$2")
        .replaceFirst("\\?", "\\$3");
    StringBuilder plan = new StringBuilder();
    try (Connection c = TestDatabase.connect(); Statement s = c.createStatement()) {
      s.execute("SET search_path TO " + settings.schema());
      s.execute("SET plan_cache_mode = force_generic_plan");
      s.execute("PREPARE by_client_ids (text[], text[], text[]) AS " + sql);
      try (ResultSet rs = s.executeQuery("EXPLAIN EXECUTE by_client_ids ('{c}', '{s}', '{x}')")) {
        while (rs.next()) {
          plan.append(rs.getString(1)).append('\n');
        }
      }
    }
    assertThat(plan.toString()).contains("messages_by_client_id").doesNotContain("Seq Scan on messages");
  }
}
