package io.chatflow.ports.in;

import io.chatflow.domain.conversation.Conversation;
import io.chatflow.domain.conversation.Role;
import io.chatflow.domain.user.User;

/**
 * A conversation as the list shows it to one of its members: with their role, read marker
 * and unread count, how many of the unread mention them ({@code mentionCount}), and for a direct
 * conversation the other person ({@code peer}, else null).
 */
public record ConversationSummary(
    Conversation conversation, Role role, long readSeq, long unreadCount, MessageView lastMessage, int memberCount,
    User peer, long mentionCount)
    implements EventData {}
