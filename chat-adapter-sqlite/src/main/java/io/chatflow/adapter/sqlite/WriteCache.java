package io.chatflow.adapter.sqlite;

import io.chatflow.domain.conversation.Conversation;
import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.conversation.Member;
import io.chatflow.domain.user.Account;
import io.chatflow.domain.user.UserId;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The writer connection's copies of conversation rows and numbers, member rows, member-id lists
 * and accounts, so a post reads none of them from SQLite, and its changes to conversations and
 * members (a conversation's last seq, the sender's read seq) are staged and written once per
 * batch, just before COMMIT. Accounts are written at once, as they change rarely. Its
 * {@link EventPositions} count event positions on, forgotten with the rows.
 *
 * <p>Always right, or empty: only the writer thread uses it, inside a write; every change to
 * these tables on the writer connection goes through it; it is emptied when another connection
 * committed since the last batch ({@code PRAGMA data_version}) and when a batch fails. A
 * savepoint that rolls back undoes, through an undo log, what was cached or staged since.
 * Staged rows are written before any writer-side SQL that reads these tables.
 */
final class WriteCache {
  /** Rows kept at most between batches; more and the cache starts empty again. */
  static final int LIMIT = 100_000;

  static final String UPDATE_CONVERSATION =
      "UPDATE conversations SET title = ?, last_activity_at = ?, last_seq = ? WHERE id = ?";
  static final String UPDATE_MEMBER = """
      UPDATE members SET role = ?, joined_at = ?, read_seq = ?, since_event = ?
      WHERE conversation_id = ? AND user_id = ?""";
  static final List<String> STATEMENTS = List.of(UPDATE_CONVERSATION, UPDATE_MEMBER);

  private static final Pattern READS_CACHED_TABLES =
      Pattern.compile("\\b(conversations|members)\\b", Pattern.CASE_INSENSITIVE);

  private record MemberKey(ConversationId conversation, UserId user) {}

  private final Map<ConversationId, Conversation> conversations = new HashMap<>();
  private final Map<MemberKey, Member> members = new HashMap<>();
  private final Map<ConversationId, List<UserId>> memberIds = new HashMap<>();
  private final Map<UserId, Account> accounts = new HashMap<>();
  private final Map<ConversationId, Long> numbers = new HashMap<>();
  private final Set<ConversationId> stagedConversations = new LinkedHashSet<>();
  private final Set<MemberKey> stagedMembers = new LinkedHashSet<>();
  private final UndoLog undo = new UndoLog();
  private final EventPositions positions = new EventPositions(undo);
  private final Map<String, Boolean> touchesCachedTables = new HashMap<>();
  private long dataVersion = Long.MIN_VALUE;
  private boolean flushing;
  private long stagings;
  private long stagingsFlushed;

  /**
   * At the start of a batch, holding the write lock: forgets everything when another
   * connection committed since the last batch, or when the cache grew past its limit.
   */
  void begin(long currentDataVersion) {
    if (currentDataVersion != dataVersion
        || conversations.size() + members.size() + memberIds.size() + accounts.size() + numbers.size() > LIMIT) {
      clear();
    }
    dataVersion = currentDataVersion;
    undo.clear();
  }

  /** After COMMIT: nothing is staged, nothing is left to undo. */
  void committed() {
    undo.clear();
  }

  /** Forgets everything: the transaction failed or was rolled back. */
  void clear() {
    conversations.clear();
    members.clear();
    memberIds.clear();
    accounts.clear();
    numbers.clear();
    stagedConversations.clear();
    stagedMembers.clear();
    undo.clear();
    dataVersion = Long.MIN_VALUE;
    positions.forget();
  }

  /** A point to roll back to, taken with each savepoint. */
  int mark() {
    return undo.mark();
  }

  /** The savepoint of {@code mark} rolled back: undoes what was cached and staged since. */
  void rollbackTo(int mark) {
    undo.rollbackTo(mark);
  }

  Conversation conversation(ConversationId id) {
    return conversations.get(id);
  }

  void loaded(Conversation c) {
    set(conversations, stagedConversations, c.id(), c, false);
  }

  /** A changed conversation that exists in the file: written at the next flush. */
  void stage(Conversation c) {
    set(conversations, stagedConversations, c.id(), c, true);
  }

  Member member(ConversationId conversation, UserId user) {
    return members.get(new MemberKey(conversation, user));
  }

  void loaded(Member m) {
    set(members, stagedMembers, key(m), m, false);
  }

  /** A changed member that exists in the file: written at the next flush. */
  void stage(Member m) {
    set(members, stagedMembers, key(m), m, true);
  }

  /** The member row now holds {@code m} in the file, possibly as a new member. */
  void written(Member m) {
    set(members, stagedMembers, key(m), m, false);
    set(memberIds, null, m.conversationId(), null, false);
  }

  void deleted(ConversationId conversation, UserId user) {
    set(members, stagedMembers, new MemberKey(conversation, user), null, false);
    set(memberIds, null, conversation, null, false);
  }

  List<UserId> memberIds(ConversationId conversation) {
    return memberIds.get(conversation);
  }

  void loaded(ConversationId conversation, List<UserId> ids) {
    set(memberIds, null, conversation, List.copyOf(ids), false);
  }

  /** The conversation's number (V5), or null when not cached. */
  Long number(ConversationId id) {
    return numbers.get(id);
  }

  void numbered(ConversationId id, long number) {
    set(numbers, null, id, number, false);
  }

  Account account(UserId id) {
    return accounts.get(id);
  }

  /** The users row of {@code a} holds it in the file: read, or just written (accounts are never staged). */
  void loaded(Account a) {
    set(accounts, null, a.user().id(), a, false);
  }

  /** The writer's event positions, forgotten with the rows. */
  EventPositions positions() {
    return positions;
  }

  /**
   * Before {@code sql} runs on the writer connection: writes the staged rows if the
   * statement may read their tables, so it sees what the cache holds.
   */
  void beforeStatement(Statements tx, String sql) {
    if (flushing || (stagedConversations.isEmpty() && stagedMembers.isEmpty())) {
      return;
    }
    if (touchesCachedTables.computeIfAbsent(sql, s -> READS_CACHED_TABLES.matcher(s).find())) {
      flush(tx);
    }
  }

  /** Whether the rows are being written: what that writes was staged before, by any write of the batch. */
  boolean flushing() {
    return flushing;
  }

  /** Rows staged so far, a count that only grows. */
  long stagings() {
    return stagings;
  }

  /** Whether a flush wrote rows staged after {@code stagings} was taken. */
  boolean flushedStagedAfter(long stagings) {
    return stagingsFlushed > stagings;
  }

  /** Writes each staged row once. A later rollback past this point stages them again. */
  void flush(Statements tx) {
    if (stagedConversations.isEmpty() && stagedMembers.isEmpty()) {
      return;
    }
    flushing = true;
    stagingsFlushed = stagings;
    try {
      for (ConversationId id : stagedConversations) {
        Conversation c = conversations.get(id);
        tx.update(UPDATE_CONVERSATION, c.title(), c.lastActivityAt(), c.lastSeq(), id.value());
      }
      for (MemberKey key : stagedMembers) {
        Member m = members.get(key);
        tx.update(UPDATE_MEMBER, m.role().wireName(), m.joinedAt(), m.readSeq(), m.sinceEvent(),
            key.conversation().value(), key.user().value());
      }
    } finally {
      flushing = false;
    }
    List<ConversationId> writtenConversations = List.copyOf(stagedConversations);
    List<MemberKey> writtenMembers = List.copyOf(stagedMembers);
    stagedConversations.clear();
    stagedMembers.clear();
    undo.add(() -> {
      stagedConversations.addAll(writtenConversations);
      stagedMembers.addAll(writtenMembers);
    });
  }

  private static MemberKey key(Member m) {
    return new MemberKey(m.conversationId(), m.userId());
  }

  /** Sets (or, for null, removes) one entry and its staged mark, logging how to undo both. */
  private <K, V> void set(Map<K, V> map, Set<K> staged, K key, V value, boolean stage) {
    V before = value == null ? map.remove(key) : map.put(key, value);
    boolean wasStaged;
    if (staged == null) {
      wasStaged = false;
    } else if (stage) {
      stagings++;
      wasStaged = !staged.add(key);
    } else {
      wasStaged = staged.remove(key);
    }
    undo.add(() -> {
      if (before == null) {
        map.remove(key);
      } else {
        map.put(key, before);
      }
      if (staged != null) {
        if (wasStaged) {
          staged.add(key);
        } else {
          staged.remove(key);
        }
      }
    });
  }
}
