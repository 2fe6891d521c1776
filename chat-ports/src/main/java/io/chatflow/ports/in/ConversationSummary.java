package io.chatflow.ports.in;

import io.chatflow.domain.conversation.Conversation;
import io.chatflow.domain.conversation.Role;

/** A conversation as the list shows it to one of its members. */
public record ConversationSummary(
    Conversation conversation, Role role, long unreadCount, MessageView lastMessage, int memberCount)
    implements EventData {}
