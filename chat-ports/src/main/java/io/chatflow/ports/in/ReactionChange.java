package io.chatflow.ports.in;

import io.chatflow.domain.user.UserId;

/** What a reaction.added or reaction.removed event carries: who put or took which emoji on message {@code seq}. */
public record ReactionChange(long seq, String emoji, UserId userId) implements EventData {}
