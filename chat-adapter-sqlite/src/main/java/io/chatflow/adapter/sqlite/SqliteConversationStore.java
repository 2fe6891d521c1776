package io.chatflow.adapter.sqlite;

import io.chatflow.domain.conversation.Conversation;
import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.conversation.Kind;
import io.chatflow.domain.conversation.Member;
import io.chatflow.domain.conversation.Role;
import io.chatflow.domain.user.UserId;
import io.chatflow.ports.out.ConversationStore;
import io.chatflow.ports.out.Membership;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

final class SqliteConversationStore implements ConversationStore {
  private static final String CONVERSATION = "c.id, c.kind, c.title, c.created_at, c.last_activity_at, c.last_seq, c.direct_key";
  private static final String MEMBER = "m.conversation_id, m.user_id, m.role, m.joined_at, m.read_seq, m.since_event";
  // A new conversation takes the next number, which keys its messages (V5). Kind, created_at
  // and direct_key never change after creation: leaving them out of the update spares the
  // direct_key index a rewrite on every post.
  private static final String SAVE = """
      INSERT INTO conversations (id, kind, title, created_at, last_activity_at, last_seq, direct_key, no)
      VALUES (?, ?, ?, ?, ?, ?, ?, (SELECT COALESCE(MAX(no), 0) + 1 FROM conversations))
      ON CONFLICT (id) DO UPDATE SET title = excluded.title, last_activity_at = excluded.last_activity_at,
        last_seq = excluded.last_seq""";
  private static final String BY_ID = "SELECT " + CONVERSATION + " FROM conversations c WHERE c.id = ?";
  private static final String NUMBER = "SELECT no FROM conversations WHERE id = ?";
  private static final String BY_DIRECT_KEY = "SELECT " + CONVERSATION + " FROM conversations c WHERE c.direct_key = ?";
  private static final String SAVE_MEMBER = """
      INSERT INTO members (conversation_id, user_id, role, joined_at, read_seq, since_event)
      VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (conversation_id, user_id) DO UPDATE SET role = excluded.role, joined_at = excluded.joined_at,
        read_seq = excluded.read_seq, since_event = excluded.since_event""";
  private static final String DELETE_MEMBER = "DELETE FROM members WHERE conversation_id = ? AND user_id = ?";
  private static final String END_MEMBERSHIP = """
      INSERT INTO past_members (conversation_id, user_id, since_event, until_event)
      SELECT conversation_id, user_id, since_event, ? FROM members WHERE conversation_id = ? AND user_id = ?""";
  private static final String MEMBER_BY_KEY =
      "SELECT " + MEMBER + " FROM members m WHERE m.conversation_id = ? AND m.user_id = ?";
  private static final String MEMBERS =
      "SELECT " + MEMBER + " FROM members m WHERE m.conversation_id = ? ORDER BY m.since_event, m.user_id";
  private static final String MEMBER_IDS = "SELECT user_id FROM members WHERE conversation_id = ?";
  // sorted per user: bounded by how many conversations the user is in, not by the table
  private static final String CONVERSATIONS_OF = """
      SELECT %s, %s, (SELECT COUNT(*) FROM members n WHERE n.conversation_id = c.id) AS member_count
      FROM members m JOIN conversations c ON c.id = m.conversation_id
      WHERE m.user_id = ?1 AND (?2 IS NULL OR c.last_activity_at < ?2 OR (c.last_activity_at = ?2 AND c.id < ?3))
      ORDER BY c.last_activity_at DESC, c.id DESC LIMIT ?4""".formatted(CONVERSATION, MEMBER);
  private static final String CONVERSATION_IDS_OF = "SELECT conversation_id FROM members WHERE user_id = ?";
  private static final String CONTACTS = """
      SELECT DISTINCT o.user_id FROM members m JOIN members o ON o.conversation_id = m.conversation_id
      WHERE m.user_id = ?1 AND o.user_id <> ?1""";

  /** Every statement of this store, for the query-plan test. */
  static final List<String> STATEMENTS = List.of(SAVE, BY_ID, NUMBER, BY_DIRECT_KEY, SAVE_MEMBER, DELETE_MEMBER,
      END_MEMBERSHIP, MEMBER_BY_KEY, MEMBERS, MEMBER_IDS, CONVERSATIONS_OF, CONVERSATION_IDS_OF, CONTACTS, WriteCache.UPDATE_CONVERSATION,
      WriteCache.UPDATE_MEMBER);

  private final Database db;

  SqliteConversationStore(Database db) {
    this.db = db;
  }

  // Inside a write, conversation and member rows go through the writer's cache (see WriteCache):
  // changes to rows the cache holds are staged and written once per batch.

  @Override
  public void save(Conversation c) {
    db.change(tx -> {
      WriteCache cache = tx.cache();
      Conversation cached = cache == null ? null : cache.conversation(c.id());
      if (cached != null) {
        // what the upsert would leave: kind, created_at and direct_key as they were
        cache.stage(new Conversation(cached.id(), cached.kind(), c.title(), cached.createdAt(), c.lastActivityAt(),
            c.lastSeq(), cached.directKey()));
        return 0;
      }
      return tx.updateUnique("a direct conversation of this pair exists", SAVE, c.id().value(), c.kind().wireName(),
          c.title(), c.createdAt(), c.lastActivityAt(), c.lastSeq(), c.directKey());
    });
  }

  @Override
  public Optional<Conversation> findById(ConversationId id) {
    return db.query(tx -> tx.oneThroughCache(c -> c.conversation(id), WriteCache::loaded, BY_ID,
        SqliteConversationStore::conversation, id.value()));
  }

  /**
   * The conversation's number, which keys its messages (V5), or 0, which no conversation has,
   * when there is no such conversation. Numbers never change: the writer keeps those it read.
   */
  static long number(Statements tx, ConversationId id) {
    return tx.oneThroughCache(c -> c.number(id), (c, number) -> c.numbered(id, number), NUMBER, rs -> rs.getLong(1),
        id.value()).orElse(0L);
  }

  @Override
  public Optional<Conversation> findByDirectKey(String directKey) {
    return db.query(tx -> tx.one(BY_DIRECT_KEY, SqliteConversationStore::conversation, directKey));
  }

  @Override
  public void saveMember(Member m) {
    db.change(tx -> {
      WriteCache cache = tx.cache();
      if (cache != null && cache.member(m.conversationId(), m.userId()) != null) {
        cache.stage(m);
        return 0;
      }
      int changed = tx.update(SAVE_MEMBER, m.conversationId().value(), m.userId().value(), m.role().wireName(),
          m.joinedAt(), m.readSeq(), m.sinceEvent());
      if (cache != null) {
        cache.written(m);
      }
      return changed;
    });
  }

  @Override
  public void deleteMember(ConversationId conversation, UserId user, long until) {
    db.change(tx -> {
      // reads the member row, so the writer's staged copy of it is written first (see WriteCache)
      tx.update(END_MEMBERSHIP, until, conversation.value(), user.value());
      int changed = tx.update(DELETE_MEMBER, conversation.value(), user.value());
      if (tx.cache() != null) {
        tx.cache().deleted(conversation, user);
      }
      return changed;
    });
  }

  @Override
  public Optional<Member> findMember(ConversationId conversation, UserId user) {
    return db.query(tx -> {
      WriteCache cache = tx.cache();
      Member cached = cache == null ? null : cache.member(conversation, user);
      if (cached != null) {
        return Optional.of(cached);
      }
      Optional<Member> found = tx.one(MEMBER_BY_KEY, SqliteConversationStore::member, conversation.value(),
          user.value());
      if (cache != null) {
        found.ifPresent(cache::loaded);
      }
      return found;
    });
  }

  @Override
  public List<Member> members(ConversationId conversation) {
    return db.query(tx -> tx.list(MEMBERS, SqliteConversationStore::member, conversation.value()));
  }

  @Override
  public List<UserId> memberIds(ConversationId conversation) {
    return db.query(tx -> {
      WriteCache cache = tx.cache();
      List<UserId> cached = cache == null ? null : cache.memberIds(conversation);
      if (cached != null) {
        return cached;
      }
      List<UserId> found = tx.list(MEMBER_IDS, rs -> new UserId(rs.getString(1)), conversation.value());
      if (cache != null) {
        cache.loaded(conversation, found);
      }
      return found;
    });
  }

  @Override
  public List<Membership> conversationsOf(UserId user, ActivityKey after, int limit) {
    Object at = after == null ? null : after.lastActivityAt();
    Object id = after == null ? null : after.id().value();
    return db.query(tx -> tx.list(CONVERSATIONS_OF,
        rs -> new Membership(conversation(rs, 1), member(rs, 8), rs.getInt(14)), user.value(), at, id, limit));
  }

  @Override
  public List<ConversationId> conversationIdsOf(UserId user) {
    return db.query(tx -> tx.list(CONVERSATION_IDS_OF, rs -> new ConversationId(rs.getString(1)), user.value()));
  }

  @Override
  public List<UserId> contactsOf(UserId user) {
    return db.query(tx -> tx.list(CONTACTS, rs -> new UserId(rs.getString(1)), user.value()));
  }

  private static Conversation conversation(ResultSet rs) throws SQLException {
    return conversation(rs, 1);
  }

  /** Reads the {@link #CONVERSATION} columns, the first of them at {@code at}. */
  private static Conversation conversation(ResultSet rs, int at) throws SQLException {
    return new Conversation(new ConversationId(rs.getString(at)), Kind.parse(rs.getString(at + 1)),
        rs.getString(at + 2), Times.instant(rs.getLong(at + 3)), Times.instant(rs.getLong(at + 4)),
        rs.getLong(at + 5), rs.getString(at + 6));
  }

  private static Member member(ResultSet rs) throws SQLException {
    return member(rs, 1);
  }

  /** Reads the {@link #MEMBER} columns, the first of them at {@code at}. */
  private static Member member(ResultSet rs, int at) throws SQLException {
    return new Member(new ConversationId(rs.getString(at)), new UserId(rs.getString(at + 1)),
        Role.parse(rs.getString(at + 2), "role"), Times.instant(rs.getLong(at + 3)), rs.getLong(at + 4),
        rs.getLong(at + 5));
  }
}
