package io.chatflow.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatflow.domain.NotFoundException;
import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.conversation.Kind;
import io.chatflow.domain.message.Message;
import io.chatflow.domain.user.User;
import io.chatflow.ports.in.Messaging.Posted;
import io.chatflow.ports.in.NewConversation;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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
}
