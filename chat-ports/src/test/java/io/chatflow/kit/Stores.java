package io.chatflow.kit;

import io.chatflow.ports.out.ConversationStore;
import io.chatflow.ports.out.CounterStore;
import io.chatflow.ports.out.EventFanout;
import io.chatflow.ports.out.EventStore;
import io.chatflow.ports.out.MessageStore;
import io.chatflow.ports.out.PresenceStore;
import io.chatflow.ports.out.SearchStore;
import io.chatflow.ports.out.SessionFanout;
import io.chatflow.ports.out.SessionStore;
import io.chatflow.ports.out.Transactions;
import io.chatflow.ports.out.UserStore;

/**
 * What an adapter under test provides: a fresh set of stores sharing one
 * {@link Transactions}, the fan-out and presence it is wired with, and what to
 * close after the test.
 */
public record Stores(
    UserStore users,
    SessionStore sessions,
    ConversationStore conversations,
    MessageStore messages,
    EventStore events,
    SearchStore search,
    Transactions transactions,
    EventFanout fanout,
    PresenceStore presence,
    CounterStore counters,
    SessionFanout sessionEnds,
    AutoCloseable closer) {}
