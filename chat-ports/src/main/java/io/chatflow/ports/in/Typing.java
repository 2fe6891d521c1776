package io.chatflow.ports.in;

import io.chatflow.domain.user.User;
import java.time.Instant;

/** Someone is typing, until {@code expiresAt} unless they tell again. */
public record Typing(User user, Instant expiresAt) implements EventData {}
