package io.chatflow.app.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.chatflow.adapter.memory.MemoryStores;
import io.chatflow.ports.out.ConversationStore;
import io.chatflow.ports.out.EventStore;
import io.chatflow.ports.out.MessageStore;
import io.chatflow.ports.out.SessionStore;
import io.chatflow.ports.out.Transactions;
import io.chatflow.ports.out.UserStore;

/** The memory adapter's stores: everything lives in this process and is gone on exit. */
public final class MemoryModule extends AbstractModule {
  @Provides
  @Singleton
  MemoryStores stores() {
    return new MemoryStores();
  }

  @Provides
  UserStore users(MemoryStores stores) {
    return stores.users();
  }

  @Provides
  SessionStore sessions(MemoryStores stores) {
    return stores.sessions();
  }

  @Provides
  ConversationStore conversations(MemoryStores stores) {
    return stores.conversations();
  }

  @Provides
  MessageStore messages(MemoryStores stores) {
    return stores.messages();
  }

  @Provides
  EventStore events(MemoryStores stores) {
    return stores.events();
  }

  @Provides
  Transactions transactions(MemoryStores stores) {
    return stores.transactions();
  }

  @Provides
  @Singleton
  StorageControl control(MemoryStores stores) {
    return StorageControl.of(stores);
  }
}
