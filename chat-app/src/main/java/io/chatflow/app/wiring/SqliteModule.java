package io.chatflow.app.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.chatflow.adapter.sqlite.SqliteSettings;
import io.chatflow.adapter.sqlite.SqliteStores;
import io.chatflow.ports.out.ConversationStore;
import io.chatflow.ports.out.EventStore;
import io.chatflow.ports.out.MessageStore;
import io.chatflow.ports.out.SessionStore;
import io.chatflow.ports.out.Transactions;
import io.chatflow.ports.out.UserStore;

/** The SQLite adapter's stores on one database file, opened (and migrated) when first needed. */
public final class SqliteModule extends AbstractModule {
  private final SqliteSettings settings;

  public SqliteModule(SqliteSettings settings) {
    this.settings = settings;
  }

  @Provides
  @Singleton
  SqliteStores stores() {
    return SqliteStores.open(settings);
  }

  @Provides
  UserStore users(SqliteStores stores) {
    return stores.users();
  }

  @Provides
  SessionStore sessions(SqliteStores stores) {
    return stores.sessions();
  }

  @Provides
  ConversationStore conversations(SqliteStores stores) {
    return stores.conversations();
  }

  @Provides
  MessageStore messages(SqliteStores stores) {
    return stores.messages();
  }

  @Provides
  EventStore events(SqliteStores stores) {
    return stores.events();
  }

  @Provides
  Transactions transactions(SqliteStores stores) {
    return stores.transactions();
  }

  @Provides
  @Singleton
  StorageControl control(SqliteStores stores) {
    return new StorageControl() {
      @Override
      public boolean ready() {
        return stores.ready();
      }

      @Override
      public void close() {
        stores.close();
      }
    };
  }
}
