package io.chatflow.ports.in;

import io.chatflow.domain.user.User;

/** A user went online or offline. */
public record PresenceChange(User user, PresenceView presence) implements EventData {}
