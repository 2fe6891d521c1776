package io.chatflow.adapter.postgres;

import io.chatflow.adapter.postgres.HeldConversations.Held;
import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.conversation.Member;
import io.chatflow.domain.user.UserId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How a write takes a conversation: it locks the row (once per write, until commit) and then,
 * in a statement of its own, reads what it will hold ({@link HeldConversations}): the row, the
 * member version and the member ids unless they are the ones kept in {@link MemberIdCache}.
 * Every store that touches a conversation's data inside a write goes through here first.
 */
final class ConversationLock {
  private static final String LOCK = "SELECT 1 FROM conversations WHERE id = ? FOR NO KEY UPDATE";
  // while the batch holds the event clock for earlier writes (Tx.mayWaitForLocks)
  private static final String LOCK_NOWAIT = LOCK + " NOWAIT";
  private static final String MEMBER_IDS = memberIdsUnlessAt("?");
  // what a write needs of a conversation it locked: its row and its members' ids (read after the lock)
  private static final String HELD = "SELECT " + PostgresConversationStore.CONVERSATION + ", " + MEMBER_IDS
      + " FROM conversations c WHERE c.id = ?";
  // and the caller's member row: how a write usually begins
  private static final String HELD_WITH_MEMBER = "SELECT " + PostgresConversationStore.CONVERSATION + ", "
      + MEMBER_IDS + ", " + PostgresConversationStore.MEMBER
      + " FROM conversations c LEFT JOIN members m ON m.conversation_id = c.id AND m.user_id = ? WHERE c.id = ?";

  private ConversationLock() {}

  /**
   * Inside a write: locks the conversation's row until commit (once per write), so every write to
   * the conversation's data runs after the one before it has committed and reads what it left;
   * returns what the write holds, or null when there is no such conversation. Outside a write: null.
   */
  static Held lock(Tx tx, ConversationId id) {
    if (!tx.writable()) {
      return null;
    }
    Held held = tx.held().get(id);
    if (held != null) {
      return held;
    }
    Object[] key = {id.value()};
    MemberIdCache.Entry known = tx.memberIdCache().get(id);
    return tx.lockThenOne(lockStatement(tx), key, HELD,
        rs -> new Held(PostgresConversationStore.conversation(rs, 1), memberIds(tx.memberIdCache(), rs, 8, id, known)),
        versionParameter(known), id.value()).map(tx.held()::hold).orElse(null);
  }

  /**
   * Conversation {@code c}'s member version, and its member ids unless the version is {@code known}
   * (an SQL expression: the version kept in the process, MemberIdCache; NULL then).
   */
  static String memberIdsUnlessAt(String known) {
    return "c.member_version, CASE WHEN c.member_version = " + known + " THEN NULL"
        + " ELSE ARRAY(SELECT n.user_id FROM members n WHERE n.conversation_id = c.id) END";
  }

  /** The parameter {@link #MEMBER_IDS} compares the row's version with. */
  static Object versionParameter(MemberIdCache.Entry known) {
    return known == null ? Tx.NULL_BIGINT : known.version();
  }

  /**
   * Reads the {@link #MEMBER_IDS} columns, the first at {@code at}: the ids read, kept in {@code cache}
   * from now on, or those kept ({@code known}) when the database sent none.
   */
  static MemberIdCache.Entry memberIds(MemberIdCache cache, ResultSet rs, int at, ConversationId id,
      MemberIdCache.Entry known) throws SQLException {
    long version = rs.getLong(at);
    java.sql.Array ids = rs.getArray(at + 1);
    if (ids == null) {
      if (known == null || known.version() != version) {
        throw new IllegalStateException("no member ids of " + id.value() + " at version " + version + " were sent");
      }
      return known;
    }
    List<UserId> read = new ArrayList<>();
    for (Object user : (Object[]) ids.getArray()) {
      read.add(new UserId((String) user));
    }
    return cache.put(id, version, read);
  }

  private static String lockStatement(Tx tx) {
    return tx.mayWaitForLocks() ? LOCK : LOCK_NOWAIT;
  }

  /**
   * {@link #lock}, when the write holds nothing of the conversation yet, with the caller's member row
   * read in the same statement (how a write usually begins): the member row (empty when
   * {@code user} is not a member), or empty when there is no such conversation.
   */
  static Optional<Optional<Member>> lockWithMember(Tx tx, ConversationId conversation, UserId user) {
    Object[] key = {conversation.value()};
    MemberIdCache.Entry known = tx.memberIdCache().get(conversation);
    return tx.lockThenOne(lockStatement(tx), key, HELD_WITH_MEMBER, rs -> {
      Held now = tx.held().hold(new Held(PostgresConversationStore.conversation(rs, 1),
          memberIds(tx.memberIdCache(), rs, 8, conversation, known)));
      Optional<Member> member =
          rs.getString(10) == null ? Optional.empty() : Optional.of(PostgresConversationStore.member(rs, 10));
      now.memberRows().put(user, member);
      return member;
    }, versionParameter(known), user.value(), conversation.value());
  }
}
