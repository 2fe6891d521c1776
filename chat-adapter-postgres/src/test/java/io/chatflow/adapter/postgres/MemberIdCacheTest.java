package io.chatflow.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.conversation.Kind;
import io.chatflow.domain.conversation.Role;
import io.chatflow.domain.user.User;
import io.chatflow.domain.user.UserId;
import io.chatflow.ports.in.Messaging.Posted;
import io.chatflow.ports.in.NewConversation;
import io.chatflow.ports.out.WriteHint;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The member ids a node keeps (MemberIdCache) against changes it did not make: another node's,
 * one made outside ChatFlow, and its own that were undone. Node one reads through both ways a
 * write reads a conversation: ahead of a hinted write (ReadAhead) and on its first call (lock).
 */
@NeedsPostgres
class MemberIdCacheTest {
  private PostgresSettings settings;
  private ChatFlowOnPostgres one;
  private ChatFlowOnPostgres two;
  private User alice;
  private User bob;
  private User carol;
  private User dave;
  private ConversationId team;

  @BeforeEach
  void aliceAndBobInATeamOnTwoNodes() {
    settings = TestDatabase.freshSchema();
    one = new ChatFlowOnPostgres(settings);
    two = new ChatFlowOnPostgres(settings);
    alice = one.core.accounts().register("alice", "password", null);
    bob = one.core.accounts().register("bob", "password", null);
    carol = one.core.accounts().register("carol", "password", null);
    dave = one.core.accounts().register("dave", "password", null);
    team = one.core.conversations().create(alice.id(), new NewConversation(Kind.GROUP, "Team", List.of(bob.id())))
        .conversation().summary().conversation().id();
  }

  @AfterEach
  void drop() {
    one.close();
    two.close();
    TestDatabase.drop(settings.schema());
  }

  /** The member ids a hinted write on node one sees (read ahead). */
  private List<UserId> readAhead() {
    return one.stores.transactions().write(new WriteHint(alice.id(), team, null),
        () -> one.stores.conversations().memberIds(team));
  }

  /** The member ids a write without a hint on node one sees (read as it locks). */
  private List<UserId> locked() {
    return one.stores.transactions().write(() -> one.stores.conversations().memberIds(team));
  }

  @Test
  void aMemberAnotherNodeAddsIsAmongTheIdsOfTheNextWrite() {
    assertThat(readAhead()).containsExactlyInAnyOrder(alice.id(), bob.id());
    assertThat(locked()).containsExactlyInAnyOrder(alice.id(), bob.id());

    two.core.conversations().addMember(alice.id(), team, carol.id(), Role.MEMBER);

    assertThat(readAhead()).containsExactlyInAnyOrder(alice.id(), bob.id(), carol.id());
    two.core.conversations().addMember(alice.id(), team, dave.id(), Role.MEMBER);
    assertThat(locked()).containsExactlyInAnyOrder(alice.id(), bob.id(), carol.id(), dave.id());
  }

  @Test
  void aMemberAnotherNodeRemovesIsNoLongerAmongThem() {
    assertThat(readAhead()).containsExactlyInAnyOrder(alice.id(), bob.id());

    two.core.conversations().removeMember(alice.id(), team, bob.id());

    assertThat(readAhead()).containsExactly(alice.id());
    assertThat(locked()).containsExactly(alice.id());
  }

  @Test
  void aMemberRowChangedOutsideChatFlowIsNoticed() throws SQLException {
    assertThat(readAhead()).containsExactlyInAnyOrder(alice.id(), bob.id());
    try (Connection c = TestDatabase.connect(); Statement s = c.createStatement()) {
      s.execute("DELETE FROM " + settings.schema() + ".members WHERE user_id = '" + bob.id().value() + "'");
    }
    assertThat(locked()).containsExactly(alice.id());
    try (Connection c = TestDatabase.connect(); Statement s = c.createStatement()) {
      s.execute("UPDATE " + settings.schema() + ".members SET user_id = '" + carol.id().value() + "' WHERE user_id = '"
          + alice.id().value() + "'");
    }
    assertThat(readAhead()).containsExactly(carol.id());
  }

  @Test
  void idsOfAnUnchangedConversationAreReadOnceAndAgainAfterAChange() {
    readAhead();
    MemberIdCache.Entry first = one.stores.memberIdCache().get(team);
    readAhead();
    locked();
    one.core.messaging().post(alice.id(), team, "hello", null);
    assertThat(one.stores.memberIdCache().get(team)).isSameAs(first);

    one.core.conversations().addMember(alice.id(), team, carol.id(), Role.MEMBER);
    readAhead();
    MemberIdCache.Entry second = one.stores.memberIdCache().get(team);
    assertThat(second).isNotSameAs(first);
    assertThat(second.version()).isNotEqualTo(first.version());
    assertThat(second.ids()).containsExactlyInAnyOrder(alice.id(), bob.id(), carol.id());
  }

  @Test
  void aMembershipChangeThatIsUndoneLeavesTheIdsAsTheDatabaseHasThem() {
    assertThat(readAhead()).containsExactlyInAnyOrder(alice.id(), bob.id());
    assertThatThrownBy(() -> one.stores.transactions().write(() -> {
      one.core.conversations().addMember(alice.id(), team, carol.id(), Role.MEMBER);
      assertThat(one.stores.conversations().memberIds(team)).contains(carol.id());
      throw new IllegalStateException("undone");
    })).hasMessage("undone");

    assertThat(readAhead()).containsExactlyInAnyOrder(alice.id(), bob.id());
    two.core.conversations().addMember(alice.id(), team, dave.id(), Role.MEMBER);
    assertThat(readAhead()).containsExactlyInAnyOrder(alice.id(), bob.id(), dave.id());
    assertThat(locked()).containsExactlyInAnyOrder(alice.id(), bob.id(), dave.id());
  }

  @Test
  void aBatchSeesTheMembersItsEarlierWritesAdded() throws Exception {
    readAhead();
    List<CompletableFuture<Object>> outcomes = OneBatch.of((PostgresTransactions) one.stores.transactions(),
        List.<Supplier<Object>>of(
            () -> one.core.messaging().post(alice.id(), team, "before carol", null),
            () -> one.core.conversations().addMember(alice.id(), team, carol.id(), Role.MEMBER),
            () -> one.core.messaging().post(carol.id(), team, "hi, I am in", null),
            () -> one.stores.transactions().write(new WriteHint(bob.id(), team, null),
                () -> one.stores.conversations().memberIds(team))));
    assertThat(((Posted) outcomes.get(2).get(30, TimeUnit.SECONDS)).created()).isTrue();
    assertThat(outcomes.get(3).get(30, TimeUnit.SECONDS)).asList()
        .containsExactlyInAnyOrder(alice.id(), bob.id(), carol.id());
    assertThat(locked()).containsExactlyInAnyOrder(alice.id(), bob.id(), carol.id());
    assertThat(readAhead()).containsExactlyInAnyOrder(alice.id(), bob.id(), carol.id());
  }

  @Test
  void aVersionTakenByARolledBackChangeIsNeverHandedOutAgain() throws SQLException {
    String conversation = "'" + team.value() + "'";
    try (Connection c = TestDatabase.connect(); Statement s = c.createStatement()) {
      s.execute("SET search_path TO " + settings.schema());
      long before = version(s, conversation);
      c.setAutoCommit(false);
      s.execute("INSERT INTO members (conversation_id, user_id, role, joined_at, read_seq, since_event) VALUES ("
          + conversation + ", '" + carol.id().value() + "', 'member', 0, 0, 0)");
      long undone = version(s, conversation);
      c.rollback();
      assertThat(version(s, conversation)).isEqualTo(before);
      s.execute("INSERT INTO members (conversation_id, user_id, role, joined_at, read_seq, since_event) VALUES ("
          + conversation + ", '" + dave.id().value() + "', 'member', 0, 0, 0)");
      long after = version(s, conversation);
      c.commit();
      assertThat(undone).isNotEqualTo(before);
      assertThat(after).isNotIn(before, undone);
    }
  }

  private static long version(Statement s, String conversation) throws SQLException {
    try (ResultSet rs = s.executeQuery("SELECT member_version FROM conversations WHERE id = " + conversation)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
