package io.chatflow.ports.in;

/** What an event carries: the message, the member, the conversation, the read marker and so on. */
public sealed interface EventData
    permits MessageView, MemberView, ConversationSummary, ReadMarker, Typing, PresenceChange, ReactionChange {}
