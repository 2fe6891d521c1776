package io.chatflow.adapter.http;

import io.chatflow.ports.in.Accounts;
import io.chatflow.ports.in.Conversations;
import io.chatflow.ports.in.Events;
import io.chatflow.ports.in.Messaging;
import io.chatflow.ports.in.Presence;
import io.chatflow.ports.in.Sessions;
import java.util.Objects;

/** The use cases the HTTP adapter drives. */
public record UseCases(
    Accounts accounts,
    Sessions sessions,
    Conversations conversations,
    Messaging messaging,
    Presence presence,
    Events events) {

  public UseCases {
    Objects.requireNonNull(accounts, "accounts");
    Objects.requireNonNull(sessions, "sessions");
    Objects.requireNonNull(conversations, "conversations");
    Objects.requireNonNull(messaging, "messaging");
    Objects.requireNonNull(presence, "presence");
    Objects.requireNonNull(events, "events");
  }
}
