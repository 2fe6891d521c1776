package io.chatflow.adapter.memory;

import io.chatflow.domain.user.UserId;
import io.chatflow.ports.out.ConversationStore;
import io.chatflow.ports.out.EventStore;
import io.chatflow.ports.out.MessageStore;
import io.chatflow.ports.out.SearchStore;
import io.chatflow.ports.out.SessionStore;
import io.chatflow.ports.out.StorePorts;
import io.chatflow.ports.out.Transactions;
import io.chatflow.ports.out.UserStore;
import java.util.Set;

/**
 * Every store in memory, sharing one transaction manager. Records are immutable, so
 * what a store hands out is never the object it keeps changing.
 */
public final class MemoryStores implements StorePorts {
  private final MemoryTransactions transactions = new MemoryTransactions();
  private final Undoable undoable = new Undoable(transactions);
  private final MemoryUserStore users = new MemoryUserStore(undoable);
  private final MemorySessionStore sessions = new MemorySessionStore(undoable);
  private final MemoryConversationStore conversations = new MemoryConversationStore(undoable);
  private final MemoryEventStore events = new MemoryEventStore(conversations, transactions, undoable);
  private final MemorySearchStore search = new MemorySearchStore(undoable);
  private final MemoryMessageStore messages = new MemoryMessageStore(events, conversations, search, undoable);

  @Override
  public UserStore users() {
    return users;
  }

  @Override
  public SessionStore sessions() {
    return sessions;
  }

  @Override
  public ConversationStore conversations() {
    return conversations;
  }

  @Override
  public MessageStore messages() {
    return messages;
  }

  @Override
  public EventStore events() {
    return events;
  }

  @Override
  public SearchStore search() {
    return search;
  }

  @Override
  public Transactions transactions() {
    return transactions;
  }

  /** Always: the stores are in this process. */
  @Override
  public boolean ready() {
    return true;
  }

  /**
   * Forgets all data at once, as if new (the test harness's reset); returns the users who
   * had sessions, whose streams must now end.
   */
  public Set<UserId> clear() {
    return transactions.write(() -> {
      Set<UserId> signedIn = sessions.owners();
      users.clear();
      sessions.clear();
      conversations.clear();
      messages.clear();
      search.clear();
      events.clear();
      return signedIn;
    });
  }

  /** Refuses every read and write from now on; the data goes with this object. */
  @Override
  public void close() {
    transactions.close();
  }
}
