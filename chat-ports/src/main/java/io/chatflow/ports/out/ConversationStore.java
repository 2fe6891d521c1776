package io.chatflow.ports.out;

import io.chatflow.domain.conversation.Conversation;
import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.conversation.Member;
import io.chatflow.domain.user.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Conversations and their members. */
public interface ConversationStore {
  /** Inserts or replaces by id; a second direct conversation for one pair is a {@code ConflictException}. */
  void save(Conversation conversation);

  Optional<Conversation> findById(ConversationId id);

  Optional<Conversation> findByDirectKey(String directKey);

  /** Inserts or replaces the member by (conversation, user). */
  void saveMember(Member member);

  /**
   * Removes the member; removing one that is not there does nothing. The conversation's
   * events from the member's {@code sinceEvent} through position {@code until} stay theirs
   * to replay (the event store's {@code readFor}); later ones do not.
   */
  void deleteMember(ConversationId conversation, UserId user, long until);

  Optional<Member> findMember(ConversationId conversation, UserId user);

  /** All members in the order they joined (sinceEvent ascending). */
  List<Member> members(ConversationId conversation);

  /** Who the members are, in no particular order: what fan-out needs on every post. */
  List<UserId> memberIds(ConversationId conversation);

  /**
   * The user's conversations, most recent activity first (lastActivityAt descending,
   * then id descending), strictly after {@code after} in that order (null: from the top).
   */
  List<Membership> conversationsOf(UserId user, ActivityKey after, int limit);

  /** The conversations {@code user} is a member of now, in no particular order. */
  List<ConversationId> conversationIdsOf(UserId user);

  /** Everybody who shares at least one conversation with {@code user}, not {@code user}. */
  List<UserId> contactsOf(UserId user);

  /** A place in the most-recent-activity order. */
  record ActivityKey(Instant lastActivityAt, ConversationId id) {}
}
