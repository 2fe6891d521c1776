package io.chatflow.ports.in;

import java.util.Objects;

/** Every use case, by area: what a driving adapter (a transport, the embedding program) calls. */
public record UseCases(
    Accounts accounts,
    Sessions sessions,
    Conversations conversations,
    Messaging messaging,
    Presence presence,
    Events events,
    Search search,
    Counters counters) {

  public UseCases {
    Objects.requireNonNull(accounts, "accounts");
    Objects.requireNonNull(sessions, "sessions");
    Objects.requireNonNull(conversations, "conversations");
    Objects.requireNonNull(messaging, "messaging");
    Objects.requireNonNull(presence, "presence");
    Objects.requireNonNull(events, "events");
    Objects.requireNonNull(search, "search");
    Objects.requireNonNull(counters, "counters");
  }
}
