package io.chatflow.ports.in;

import io.chatflow.domain.conversation.Role;
import io.chatflow.domain.user.User;
import java.time.Instant;

/** A member of a conversation as others see them. */
public record MemberView(User user, Role role, Instant joinedAt) implements EventData {}
