package io.chatflow.app.wiring;

import com.google.inject.AbstractModule;
import io.chatflow.ports.out.ConversationStore;
import io.chatflow.ports.out.EventStore;
import io.chatflow.ports.out.MessageStore;
import io.chatflow.ports.out.SearchStore;
import io.chatflow.ports.out.SessionStore;
import io.chatflow.ports.out.StorePorts;
import io.chatflow.ports.out.Transactions;
import io.chatflow.ports.out.UserStore;

/** The stores of whichever store adapter was opened: the same bindings for every one of them. */
final class StoreModule extends AbstractModule {
  private final StorePorts store;

  StoreModule(StorePorts store) {
    this.store = store;
  }

  @Override
  protected void configure() {
    bind(StorePorts.class).toInstance(store);
    bind(UserStore.class).toInstance(store.users());
    bind(SessionStore.class).toInstance(store.sessions());
    bind(ConversationStore.class).toInstance(store.conversations());
    bind(MessageStore.class).toInstance(store.messages());
    bind(EventStore.class).toInstance(store.events());
    bind(SearchStore.class).toInstance(store.search());
    bind(Transactions.class).toInstance(store.transactions());
  }
}
