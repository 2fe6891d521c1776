package io.chatflow.ports.in;

import io.chatflow.domain.message.Message;
import io.chatflow.domain.user.User;

/** A message with its sender's profile. */
public record MessageView(Message message, User sender) implements EventData {}
