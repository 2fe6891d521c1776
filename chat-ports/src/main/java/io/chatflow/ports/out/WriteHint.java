package io.chatflow.ports.out;

import io.chatflow.domain.conversation.ConversationId;
import io.chatflow.domain.user.UserId;

/**
 * What a write will read first, named before it runs: the actor's account, their membership of
 * {@code conversation} and that conversation (which the write locks), and the actor's message
 * there with {@code clientMessageId} (null: none). A store that runs many writes together may
 * fetch it for all of them at once; the write must be right without it.
 */
public record WriteHint(UserId actor, ConversationId conversation, String clientMessageId) {}
