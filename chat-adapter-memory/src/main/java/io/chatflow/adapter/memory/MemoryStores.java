package io.chatflow.adapter.memory;

import io.chatflow.ports.out.ConversationStore;
import io.chatflow.ports.out.EventStore;
import io.chatflow.ports.out.MessageStore;
import io.chatflow.ports.out.SessionStore;
import io.chatflow.ports.out.Transactions;
import io.chatflow.ports.out.UserStore;

/**
 * Every store in memory, sharing one transaction manager. Records are immutable, so
 * what a store hands out is never the object it keeps changing.
 */
public final class MemoryStores {
  private final MemoryTransactions transactions = new MemoryTransactions();
  private final Undoable undoable = new Undoable(transactions);
  private final MemoryUserStore users = new MemoryUserStore(undoable);
  private final MemorySessionStore sessions = new MemorySessionStore(undoable);
  private final MemoryConversationStore conversations = new MemoryConversationStore(undoable);
  private final MemoryMessageStore messages = new MemoryMessageStore(undoable);
  private final MemoryEventStore events = new MemoryEventStore(conversations, transactions, undoable);

  public UserStore users() {
    return users;
  }

  public SessionStore sessions() {
    return sessions;
  }

  public ConversationStore conversations() {
    return conversations;
  }

  public MessageStore messages() {
    return messages;
  }

  public EventStore events() {
    return events;
  }

  public Transactions transactions() {
    return transactions;
  }

  /** Refuses every read and write from now on; the data goes with this object. */
  public void close() {
    transactions.close();
  }
}
