package io.chatflow.ports.in;

import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.event.EventCursor;
import io.chatflow.domain.event.EventType;
import java.time.Instant;

/**
 * An event as one user receives it. {@code id} is its cursor; ephemeral events
 * (typing, presence) carry the cursor of the feed as it stood, so resuming from
 * it neither skips nor repeats a durable event.
 */
public record DeliveredEvent(EventCursor id, EventType type, ConversationId conversationId, Instant at, EventData data) {}
