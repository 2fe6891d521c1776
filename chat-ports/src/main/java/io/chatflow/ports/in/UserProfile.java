package io.chatflow.ports.in;

import io.chatflow.domain.user.User;

/** A user with their presence. */
public record UserProfile(User user, PresenceView presence) {}
