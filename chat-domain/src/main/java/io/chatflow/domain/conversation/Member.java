package io.chatflow.domain.conversation;

import io.chatflow.domain.ForbiddenException;
import io.chatflow.domain.user.UserId;
import java.time.Instant;
import java.util.Objects;

/**
 * A person in a conversation. {@code readSeq} is their read marker; {@code sinceEvent}
 * is the event position from which the conversation's events are theirs (set when
 * they join, so a new member's feed starts with their own {@code conversation.created}).
 */
public record Member(
    ConversationId conversationId, UserId userId, Role role, Instant joinedAt, long readSeq, long sinceEvent) {

  public Member {
    Objects.requireNonNull(conversationId, "conversationId");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(joinedAt, "joinedAt");
  }

  public void requireRole(Role atLeast, String action) {
    if (!role.atLeast(atLeast)) {
      throw new ForbiddenException("only " + (atLeast == Role.OWNER ? "the owner" : "an owner or admin") + " may " + action);
    }
  }

  /** Forward only: a marker never moves back. */
  public Member readUpTo(long seq) {
    return seq > readSeq ? new Member(conversationId, userId, role, joinedAt, seq, sinceEvent) : this;
  }

  public Member withRole(Role newRole) {
    return new Member(conversationId, userId, newRole, joinedAt, readSeq, sinceEvent);
  }

  public Member since(long eventPosition) {
    return new Member(conversationId, userId, role, joinedAt, readSeq, eventPosition);
  }

  /**
   * Whether this member may remove {@code target}: anyone may leave; the owner may
   * remove anybody; an admin may remove plain members.
   */
  public void requireMayRemove(Member target) {
    if (target.userId.equals(userId)) {
      return;
    }
    boolean allowed = role == Role.OWNER || (role == Role.ADMIN && target.role == Role.MEMBER);
    if (!allowed) {
      throw new ForbiddenException("you may not remove this member");
    }
  }
}
