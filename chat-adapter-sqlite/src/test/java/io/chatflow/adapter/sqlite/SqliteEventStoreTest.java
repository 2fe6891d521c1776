package io.chatflow.adapter.sqlite;

import io.chatflow.kit.EventStoreContract;
import io.chatflow.kit.Stores;

class SqliteEventStoreTest extends EventStoreContract {
  @Override
  protected Stores newStores() {
    return KitStores.fresh();
  }
}
