package io.chatflow.adapter.postgres;

import io.chatflow.adapter.postgres.HeldConversations.Held;
import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.message.Message;
import io.chatflow.domain.user.Account;
import io.chatflow.domain.user.UserId;
import io.chatflow.ports.out.WriteHint;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a group commit reads for the writes of its batch before they run, from their hints
 * ({@link WriteHint}), in one round trip: it locks their conversations (in id order, so two
 * batches that lock several take them in one order), reads each one's row and member ids (only
 * those whose member version differs from the one kept in {@link MemberIdCache}), the
 * actors' member rows and accounts, and, when the batch's first write is hinted, locks the event
 * clock last (conversations before the clock, as every write takes them). The writes then find
 * all of it held ({@link HeldConversations}) or here, and a post sends nothing until COMMIT.
 *
 * <p>An account read ahead is as of the batch's start (READ COMMITTED, like any read of the
 * batch); one the batch saves is read again.
 */
final class ReadAhead {
  private static final String LOCK =
      "SELECT 1 FROM conversations WHERE id = ANY (?) ORDER BY id FOR NO KEY UPDATE";
  // each row with its member version, and its member ids unless the version is the one this process
  // keeps (MemberIdCache): usually none are read
  private static final String CONVERSATIONS = "SELECT " + PostgresConversationStore.CONVERSATION
      + ", " + ConversationLock.memberIdsUnlessAt("k.version")
      + " FROM conversations c JOIN unnest(?::text[], ?::int8[]) AS k (id, version) ON c.id = k.id";
  private static final String MEMBERS = "SELECT " + PostgresConversationStore.MEMBER
      + " FROM members m JOIN unnest(?::text[], ?::text[]) AS k (conversation_id, user_id)"
      + " ON m.conversation_id = k.conversation_id AND m.user_id = k.user_id";
  // one look-up in messages_by_client_id per key, whatever the statistics say: as a join, a plan
  // made while messages was small (a hash join over a sequential scan) stayed cached on the
  // connection and read the whole table for every batch as it grew (9 ms a batch after 20 s of
  // posting); LIMIT keeps the subquery from being pulled up into such a join
  static final String BY_CLIENT_IDS = "SELECT g.*, k.c FROM unnest(?::text[], ?::text[], ?::text[]) AS k (c, s, cid)"
      + " CROSS JOIN LATERAL (SELECT " + PostgresMessageStore.COLUMNS + " FROM messages"
      + " WHERE conversation_id = k.c AND sender_id = k.s AND client_message_id = k.cid LIMIT 1) g";
  // the conversation's column, after the message's
  private static final int BY_CLIENT_IDS_CONVERSATION = PostgresMessageStore.COLUMNS.split(",").length + 1;
  private static final String ACCOUNTS = "SELECT " + PostgresUserStore.COLUMNS + " FROM users WHERE id = ANY (?)";

  private final Map<UserId, Optional<Account>> accounts = new HashMap<>();

  /** An account read ahead, or null when it was not. */
  Optional<Account> account(UserId id) {
    return accounts.get(id);
  }

  /** The write changes the account: it is read again from the database. */
  void forget(UserId id) {
    accounts.remove(id);
  }

  void clear() {
    accounts.clear();
  }

  /** Reads ahead for {@code hints} (the batch's, nulls for writes without one). */
  static void fetch(Tx tx, List<WriteHint> hints, boolean lockClock) {
    TreeSet<String> conversations = new TreeSet<>();
    TreeSet<String> users = new TreeSet<>();
    Set<List<String>> pairs = new LinkedHashSet<>();
    List<WriteHint> clientIds = new ArrayList<>();
    for (WriteHint hint : hints) {
      if (hint != null && hint.clientMessageId() != null) {
        clientIds.add(hint);
      }
      if (hint != null) {
        conversations.add(hint.conversation().value());
        users.add(hint.actor().value());
        pairs.add(List.of(hint.conversation().value(), hint.actor().value()));
      }
    }
    if (conversations.isEmpty()) {
      return;
    }
    String[] ids = conversations.toArray(String[]::new);
    MemberIdCache cache = tx.memberIdCache();
    Map<ConversationId, MemberIdCache.Entry> known = new HashMap<>();
    Long[] versions = new Long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      MemberIdCache.Entry entry = cache.get(new ConversationId(ids[i]));
      if (entry != null) {
        known.put(new ConversationId(ids[i]), entry);
        versions[i] = entry.version();
      }
    }
    String[] pairConversations = pairs.stream().map(p -> p.get(0)).toArray(String[]::new);
    String[] pairUsers = pairs.stream().map(p -> p.get(1)).toArray(String[]::new);
    // no clientMessageIds, no statement for them: planned again each time, it cost more than it ran
    boolean byClientIds = !clientIds.isEmpty();
    List<String> statements = new ArrayList<>(List.of(LOCK, CONVERSATIONS, MEMBERS, ACCOUNTS));
    List<Object> args = new ArrayList<>(
        List.of(ids, ids, tx.int8Array(versions), pairConversations, pairUsers, users.toArray(String[]::new)));
    if (byClientIds) {
      statements.add(BY_CLIENT_IDS);
      args.add(clientIds.stream().map(h -> h.conversation().value()).toArray(String[]::new));
      args.add(clientIds.stream().map(h -> h.actor().value()).toArray(String[]::new));
      args.add(clientIds.stream().map(WriteHint::clientMessageId).toArray(String[]::new));
    }
    if (lockClock) {
      statements.add(HeldClock.LOCK);
    }
    String sql = String.join(";\n", statements);
    ReadAhead ahead = tx.readAhead();
    tx.readEach(sql, statement -> {
      statement.getMoreResults(); // past the lock's rows
      try (ResultSet rs = statement.getResultSet()) {
        while (rs.next()) {
          var row = PostgresConversationStore.conversation(rs, 1);
          tx.held().hold(new Held(row,
              ConversationLock.memberIds(cache, rs, 8, row.id(), known.get(row.id()))));
        }
      }
      statement.getMoreResults();
      try (ResultSet rs = statement.getResultSet()) {
        while (rs.next()) {
          var member = PostgresConversationStore.member(rs, 1);
          Held held = tx.held().get(member.conversationId());
          if (held != null) {
            held.memberRows().put(member.userId(), Optional.of(member));
          }
        }
      }
      for (int i = 0; i < pairConversations.length; i++) {
        Held held = tx.held().get(new ConversationId(pairConversations[i]));
        if (held != null) {
          held.memberRows().putIfAbsent(new UserId(pairUsers[i]), Optional.empty());
        }
      }
      statement.getMoreResults();
      try (ResultSet rs = statement.getResultSet()) {
        while (rs.next()) {
          Account account = PostgresUserStore.account(rs);
          ahead.accounts.put(account.user().id(), Optional.of(account));
        }
      }
      for (String user : users) {
        ahead.accounts.putIfAbsent(new UserId(user), Optional.empty());
      }
      if (byClientIds) {
        statement.getMoreResults();
        try (ResultSet rs = statement.getResultSet()) {
          while (rs.next()) {
            Held held = tx.held().get(new ConversationId(rs.getString(BY_CLIENT_IDS_CONVERSATION)));
            if (held != null) {
              Message m = PostgresMessageStore.message(held.row().id(), rs);
              held.byClientId().put(Held.clientKey(m.senderId(), m.clientMessageId()), Optional.of(m));
            }
          }
        }
      }
      for (WriteHint hint : clientIds) {
        Held held = tx.held().get(hint.conversation());
        if (held != null) {
          held.byClientId().putIfAbsent(Held.clientKey(hint.actor(), hint.clientMessageId()), Optional.empty());
        }
      }
      if (lockClock) {
        statement.getMoreResults();
        try (ResultSet rs = statement.getResultSet()) {
          rs.next();
          tx.clockLockedAhead(rs.getLong(1));
        }
      }
    }, args.toArray());
  }

  /** Reads the results of one round trip of several statements. */
  interface Results {
    void read(PreparedStatement statement) throws SQLException;
  }
}
