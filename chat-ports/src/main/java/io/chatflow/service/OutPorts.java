package io.chatflow.service;

import io.chatflow.ports.out.ConversationStore;
import io.chatflow.ports.out.CounterStore;
import io.chatflow.ports.out.EventFanout;
import io.chatflow.ports.out.EventStore;
import io.chatflow.ports.out.IdGenerator;
import io.chatflow.ports.out.MessageStore;
import io.chatflow.ports.out.PasswordHasher;
import io.chatflow.ports.out.PresenceStore;
import io.chatflow.ports.out.SearchStore;
import io.chatflow.ports.out.SessionFanout;
import io.chatflow.ports.out.SessionStore;
import io.chatflow.ports.out.Transactions;
import io.chatflow.ports.out.UserStore;
import java.time.Clock;
import java.util.Objects;

/** Everything the core needs from the world, in one place for wiring. */
public record OutPorts(
    UserStore users,
    SessionStore sessions,
    ConversationStore conversations,
    MessageStore messages,
    EventStore events,
    SearchStore search,
    Transactions transactions,
    PresenceStore presence,
    CounterStore counters,
    EventFanout fanout,
    SessionFanout sessionEnds,
    PasswordHasher hasher,
    IdGenerator ids,
    Clock clock) {

  public OutPorts {
    Objects.requireNonNull(users, "users");
    Objects.requireNonNull(sessions, "sessions");
    Objects.requireNonNull(conversations, "conversations");
    Objects.requireNonNull(messages, "messages");
    Objects.requireNonNull(events, "events");
    Objects.requireNonNull(search, "search");
    Objects.requireNonNull(transactions, "transactions");
    Objects.requireNonNull(presence, "presence");
    Objects.requireNonNull(counters, "counters");
    Objects.requireNonNull(fanout, "fanout");
    Objects.requireNonNull(sessionEnds, "sessionEnds");
    Objects.requireNonNull(hasher, "hasher");
    Objects.requireNonNull(ids, "ids");
    Objects.requireNonNull(clock, "clock");
  }
}
