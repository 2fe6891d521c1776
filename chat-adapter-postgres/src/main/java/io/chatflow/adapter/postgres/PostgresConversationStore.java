package io.chatflow.adapter.postgres;

import io.chatflow.domain.conversation.Conversation;
import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.conversation.Kind;
import io.chatflow.domain.conversation.Member;
import io.chatflow.domain.conversation.Role;
import io.chatflow.domain.user.UserId;
import io.chatflow.ports.out.ConversationStore;
import io.chatflow.adapter.postgres.HeldConversations.Held;
import io.chatflow.ports.out.Membership;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

// Inside a write, every call that touches a conversation's data locks the conversation's row
// first (ConversationLock): posters, membership changes and owner hand-overs of one conversation run one
// after the other, in any process, and each reads what the one before left. What the write
// then holds (the row, the member ids) it reads from HeldConversations, and its updates of them
// go with COMMIT.
final class PostgresConversationStore implements ConversationStore {
  static final String CONVERSATION = "c.id, c.kind, c.title, c.created_at, c.last_activity_at, c.last_seq, c.direct_key";
  static final String MEMBER = "m.conversation_id, m.user_id, m.role, m.joined_at, m.read_seq, m.since_event";
  // kind, created_at and direct_key never change after creation
  private static final String SAVE = """
      INSERT INTO conversations (id, kind, title, created_at, last_activity_at, last_seq, direct_key)
      VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (id) DO UPDATE SET title = excluded.title, last_activity_at = excluded.last_activity_at,
        last_seq = excluded.last_seq""";
  private static final String BY_ID = "SELECT " + CONVERSATION + " FROM conversations c WHERE c.id = ?";
  // a conversation this write holds locked exists: a plain update, sent with the commit (with the batch's others)
  private static final HeldBackChanges.Rows UPDATES = new HeldBackChanges.Rows("""
      UPDATE conversations c SET title = v.title, last_activity_at = v.last_activity_at, last_seq = v.last_seq
      FROM unnest(?::text[], ?::text[], ?::int8[], ?::int8[]) AS v (id, title, last_activity_at, last_seq)
      WHERE c.id = v.id""", new String[] {"text", "text", "int8", "int8"}, 1, null);
  private static final String BY_DIRECT_KEY = "SELECT " + CONVERSATION + " FROM conversations c WHERE c.direct_key = ?";
  private static final String SAVE_MEMBER = """
      INSERT INTO members (conversation_id, user_id, role, joined_at, read_seq, since_event)
      VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (conversation_id, user_id) DO UPDATE SET role = excluded.role, joined_at = excluded.joined_at,
        read_seq = excluded.read_seq, since_event = excluded.since_event""";
  private static final String END_MEMBERSHIP = """
      INSERT INTO past_members (conversation_id, user_id, since_event, until_event)
      SELECT conversation_id, user_id, since_event, ? FROM members WHERE conversation_id = ? AND user_id = ?
      ON CONFLICT (conversation_id, user_id, since_event) DO UPDATE SET until_event = excluded.until_event""";
  // the member rows of conversations the batch holds locked, sent with the commit
  private static final HeldBackChanges.Rows MEMBER_ROWS = new HeldBackChanges.Rows("""
      INSERT INTO members (conversation_id, user_id, role, joined_at, read_seq, since_event)
      SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::int8[], ?::int8[], ?::int8[])
      ON CONFLICT (conversation_id, user_id) DO UPDATE SET role = excluded.role, joined_at = excluded.joined_at,
        read_seq = excluded.read_seq, since_event = excluded.since_event""",
      new String[] {"text", "text", "text", "int8", "int8", "int8"}, 2, null);
  private static final String DELETE_MEMBER = "DELETE FROM members WHERE conversation_id = ? AND user_id = ?";
  private static final String MEMBER_BY_KEY =
      "SELECT " + MEMBER + " FROM members m WHERE m.conversation_id = ? AND m.user_id = ?";
  private static final String MEMBERS =
      "SELECT " + MEMBER + " FROM members m WHERE m.conversation_id = ? ORDER BY m.since_event, m.user_id";
  private static final String MEMBER_IDS_OF = "SELECT user_id FROM members WHERE conversation_id = ?";
  private static final String CONVERSATIONS_OF = """
      SELECT %s, %s, (SELECT COUNT(*) FROM members n WHERE n.conversation_id = c.id) AS member_count
      FROM members m JOIN conversations c ON c.id = m.conversation_id
      WHERE m.user_id = ? %%s
      ORDER BY c.last_activity_at DESC, c.id DESC LIMIT ?""".formatted(CONVERSATION, MEMBER);
  private static final String FIRST_PAGE = CONVERSATIONS_OF.formatted("");
  private static final String NEXT_PAGE =
      CONVERSATIONS_OF.formatted("AND (c.last_activity_at < ? OR (c.last_activity_at = ? AND c.id < ?))");
  private static final String CONVERSATION_IDS_OF = "SELECT conversation_id FROM members WHERE user_id = ?";
  private static final String CONTACTS = """
      SELECT DISTINCT o.user_id FROM members m JOIN members o ON o.conversation_id = m.conversation_id
      WHERE m.user_id = ? AND o.user_id <> ?""";

  private final Database db;

  PostgresConversationStore(Database db) {
    this.db = db;
  }

  @Override
  public void save(Conversation c) {
    db.change(tx -> {
      Held held = tx.held().get(c.id());
      if (held != null) {
        tx.deferRow(UPDATES, c.id().value(), c.title() == null ? Tx.NULL_TEXT : c.title(), c.lastActivityAt(),
            c.lastSeq());
        held.saved(c);
        return null;
      }
      return tx.updateUnique("a direct conversation of this pair exists", SAVE, c.id().value(), c.kind().wireName(),
          c.title(), c.createdAt(), c.lastActivityAt(), c.lastSeq(), c.directKey() == null ? Tx.NULL_TEXT : c.directKey());
    });
  }

  @Override
  public Optional<Conversation> findById(ConversationId id) {
    return db.query(tx -> {
      if (!tx.writable()) {
        return tx.one(BY_ID, PostgresConversationStore::conversation, id.value());
      }
      return Optional.ofNullable(ConversationLock.lock(tx, id)).map(Held::row);
    });
  }

  @Override
  public Optional<Conversation> findByDirectKey(String directKey) {
    // no lock: two writes creating one pair's conversation meet at direct_key's unique index
    return db.query(tx -> tx.one(BY_DIRECT_KEY, PostgresConversationStore::conversation, directKey));
  }

  @Override
  public void saveMember(Member m) {
    db.change(tx -> {
      Object[] row = {m.conversationId().value(), m.userId().value(), m.role().wireName(), m.joinedAt(), m.readSeq(),
          m.sinceEvent()};
      Held held = ConversationLock.lock(tx, m.conversationId());
      if (held != null) {
        tx.deferRow(MEMBER_ROWS, row);
        held.memberAdded(m.userId());
        held.memberRows().put(m.userId(), Optional.of(m));
        return 1;
      }
      return tx.update(SAVE_MEMBER, row);
    });
  }

  @Override
  public void deleteMember(ConversationId conversation, UserId user, long until) {
    db.change(tx -> {
      Held held = ConversationLock.lock(tx, conversation);
      tx.update(END_MEMBERSHIP, until, conversation.value(), user.value());
      int deleted = tx.update(DELETE_MEMBER, conversation.value(), user.value());
      if (held != null) {
        held.memberRemoved(user);
        held.memberRows().put(user, Optional.empty());
      }
      return deleted;
    });
  }

  @Override
  public Optional<Member> findMember(ConversationId conversation, UserId user) {
    return db.query(tx -> {
      Held held = tx.writable() ? tx.held().get(conversation) : null;
      if (held != null && held.memberRows().containsKey(user)) {
        return held.memberRows().get(user);
      }
      if (tx.writable() && held == null) {
        var locked = ConversationLock.lockWithMember(tx, conversation, user);
        if (locked.isPresent()) {
          return locked.get();
        }
      }
      Optional<Member> found =
          tx.one(MEMBER_BY_KEY, PostgresConversationStore::member, conversation.value(), user.value());
      if (held != null) {
        held.memberRows().put(user, found);
      }
      return found;
    });
  }

  @Override
  public List<Member> members(ConversationId conversation) {
    return db.query(tx -> {
      ConversationLock.lock(tx, conversation);
      return tx.list(MEMBERS, PostgresConversationStore::member, conversation.value());
    });
  }

  @Override
  public List<UserId> memberIds(ConversationId conversation) {
    return db.query(tx -> {
      Held held = ConversationLock.lock(tx, conversation);
      if (held != null) {
        return held.memberIds();
      }
      return tx.list(MEMBER_IDS_OF, rs -> new UserId(rs.getString(1)), conversation.value());
    });
  }

  @Override
  public List<Membership> conversationsOf(UserId user, ActivityKey after, int limit) {
    return db.query(tx -> {
      if (after == null) {
        return tx.list(FIRST_PAGE, PostgresConversationStore::membership, user.value(), limit);
      }
      return tx.list(NEXT_PAGE, PostgresConversationStore::membership, user.value(), after.lastActivityAt(),
          after.lastActivityAt(), after.id().value(), limit);
    });
  }

  @Override
  public List<ConversationId> conversationIdsOf(UserId user) {
    return db.query(tx -> tx.list(CONVERSATION_IDS_OF, rs -> new ConversationId(rs.getString(1)), user.value()));
  }

  @Override
  public List<UserId> contactsOf(UserId user) {
    return db.query(tx -> tx.list(CONTACTS, rs -> new UserId(rs.getString(1)), user.value(), user.value()));
  }

  private static Membership membership(ResultSet rs) throws SQLException {
    return new Membership(conversation(rs, 1), member(rs, 8), rs.getInt(14));
  }

  private static Conversation conversation(ResultSet rs) throws SQLException {
    return conversation(rs, 1);
  }

  /** Reads the {@link #CONVERSATION} columns, the first of them at {@code at}. */
  static Conversation conversation(ResultSet rs, int at) throws SQLException {
    return new Conversation(new ConversationId(rs.getString(at)), Kind.parse(rs.getString(at + 1)),
        rs.getString(at + 2), Times.instant(rs.getLong(at + 3)), Times.instant(rs.getLong(at + 4)),
        rs.getLong(at + 5), rs.getString(at + 6));
  }

  private static Member member(ResultSet rs) throws SQLException {
    return member(rs, 1);
  }

  /** Reads the {@link #MEMBER} columns, the first of them at {@code at}. */
  static Member member(ResultSet rs, int at) throws SQLException {
    return new Member(new ConversationId(rs.getString(at)), new UserId(rs.getString(at + 1)),
        Role.parse(rs.getString(at + 2), "role"), Times.instant(rs.getLong(at + 3)), rs.getLong(at + 4),
        rs.getLong(at + 5));
  }
}
