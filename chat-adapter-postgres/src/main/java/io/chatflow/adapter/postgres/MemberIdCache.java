package io.chatflow.adapter.postgres;

import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.user.UserId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The member ids of conversations this process has read, each with the member version it read
 * them at ({@code conversations.member_version}, which every insert or delete of a member row sets
 * to a new value of a sequence, V9). A write that locks a conversation reads its version and, only
 * when it differs from the one kept here, its member ids: under the lock, in a snapshot taken after
 * it, so the version it compares is the current one. A version is never handed out twice, not even
 * to a transaction that rolls back, so ids kept under a version are that version's ids for good,
 * whoever read them and whatever became of the reading transaction.
 *
 * <p>Bounded: the least recently used conversation goes first. Only the writer thread uses it,
 * but the methods are synchronized all the same.
 */
final class MemberIdCache {
  /** The member ids of one conversation at one version (as a list and as a set, both unmodifiable). */
  record Entry(long version, List<UserId> ids, Set<UserId> idSet) {
    Entry(long version, List<UserId> ids) {
      this(version, List.copyOf(ids), Set.copyOf(ids));
    }
  }

  static final int DEFAULT_CAPACITY = 4096;

  private final Map<ConversationId, Entry> entries;

  MemberIdCache(int capacity) {
    this.entries = new LinkedHashMap<>(64, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<ConversationId, Entry> eldest) {
        return size() > capacity;
      }
    };
  }

  /** The ids kept for {@code conversation}, or null. */
  synchronized Entry get(ConversationId conversation) {
    return entries.get(conversation);
  }

  /** Keeps {@code ids}, read at {@code version}; returns them as kept. */
  synchronized Entry put(ConversationId conversation, long version, List<UserId> ids) {
    Entry entry = new Entry(version, ids);
    entries.put(conversation, entry);
    return entry;
  }

  synchronized int size() {
    return entries.size();
  }
}
