package io.chatflow.ports.in;

import io.chatflow.domain.Page;
import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.conversation.Role;
import io.chatflow.domain.user.UserId;
import java.util.List;

/**
 * Conversations and their members. A conversation the actor is not a member of is
 * reported as not found, never as forbidden.
 */
public interface Conversations {
  /** Creates a conversation; a direct one that exists for the pair is returned with created=false. */
  Created create(UserId actor, NewConversation conversation);

  /** The actor's conversations, most recent activity first. */
  Page<ConversationSummary> list(UserId actor, String cursor, Integer limit);

  ConversationDetail get(UserId actor, ConversationId id);

  ConversationSummary rename(UserId actor, ConversationId id, String title);

  Page<MemberView> members(UserId actor, ConversationId id, String cursor, Integer limit);

  /** Adds a member with {@code role} (null: member); an owner is made only by {@link #changeRole}. */
  MemberView addMember(UserId actor, ConversationId id, UserId user, Role role);

  MemberView changeRole(UserId actor, ConversationId id, UserId user, Role role);

  /** Leave (the actor themselves) or remove someone else; an owner who leaves hands over. */
  void removeMember(UserId actor, ConversationId id, UserId user);

  record Created(ConversationDetail conversation, boolean created) {}
}
