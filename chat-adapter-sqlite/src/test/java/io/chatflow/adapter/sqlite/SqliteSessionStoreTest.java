package io.chatflow.adapter.sqlite;

import io.chatflow.kit.SessionStoreContract;
import io.chatflow.kit.Stores;

class SqliteSessionStoreTest extends SessionStoreContract {
  @Override
  protected Stores newStores() {
    return KitStores.fresh();
  }
}
