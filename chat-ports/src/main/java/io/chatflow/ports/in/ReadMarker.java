package io.chatflow.ports.in;

import io.chatflow.domain.conversation.ConversationId;

/** Where a member's read marker stands, and how many messages of others lie after it. */
public record ReadMarker(ConversationId conversationId, long seq, long unreadCount) implements EventData {}
