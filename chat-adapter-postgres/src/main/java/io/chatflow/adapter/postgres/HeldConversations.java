package io.chatflow.adapter.postgres;

import io.chatflow.domain.conversation.Conversation;
import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.conversation.Member;
import io.chatflow.domain.message.Message;
import io.chatflow.domain.user.UserId;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The conversations a write holds locked, each as the write has left it so far: its row, its
 * members' ids (as read, or from {@link MemberIdCache}: copied only when the write changes them)
 * and the member rows it has read or written. Nobody else can change them until the write ends, so the write reads them here
 * instead of asking the database again.
 */
final class HeldConversations {
  /** One locked conversation. */
  static final class Held {
    private Conversation row;
    // as read (shared with MemberIdCache, never changed), until the write changes the members
    private MemberIdCache.Entry memberIds;
    private Set<UserId> changedIds;
    // member rows read or written so far (empty: not a member); the lock keeps them current
    private final Map<UserId, Optional<Member>> memberRows = new HashMap<>();
    // messages by (sender, clientMessageId) read or inserted so far (empty: none)
    private final Map<List<String>, Optional<Message>> byClientId = new HashMap<>();

    Held(Conversation row, MemberIdCache.Entry memberIds) {
      this.row = row;
      this.memberIds = memberIds;
    }

    Conversation row() {
      return row;
    }

    /** The write saved the row: kind, createdAt and directKey never change. */
    void saved(Conversation c) {
      row = new Conversation(row.id(), row.kind(), c.title(), row.createdAt(), c.lastActivityAt(), c.lastSeq(),
          row.directKey());
    }

    /** The member ids as the write has left them so far. */
    List<UserId> memberIds() {
      if (changedIds != null) {
        // the version is the one read: these ids are this write's, never kept in the cache
        memberIds = new MemberIdCache.Entry(memberIds.version(), List.copyOf(changedIds));
        changedIds = null;
      }
      return memberIds.ids();
    }

    /** The write made {@code user} a member (or saved a member row). */
    void memberAdded(UserId user) {
      if (changedIds == null && memberIds.idSet().contains(user)) {
        return;
      }
      changed().add(user);
    }

    /** The write ended {@code user}'s membership. */
    void memberRemoved(UserId user) {
      if (changedIds == null && !memberIds.idSet().contains(user)) {
        return;
      }
      changed().remove(user);
    }

    private Set<UserId> changed() {
      if (changedIds == null) {
        changedIds = new LinkedHashSet<>(memberIds.ids());
      }
      return changedIds;
    }

    Map<UserId, Optional<Member>> memberRows() {
      return memberRows;
    }

    Map<List<String>, Optional<Message>> byClientId() {
      return byClientId;
    }

    static List<String> clientKey(UserId sender, String clientMessageId) {
      return List.of(sender.value(), clientMessageId);
    }
  }

  private final Map<ConversationId, Held> held = new HashMap<>();

  Held get(ConversationId id) {
    return held.get(id);
  }

  /** Forgets every held row: the next call reads (and locks) again. */
  void clear() {
    held.clear();
  }

  Held hold(Held locked) {
    held.put(locked.row().id(), locked);
    return locked;
  }
}
