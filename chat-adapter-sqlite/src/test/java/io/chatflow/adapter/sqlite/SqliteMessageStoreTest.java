package io.chatflow.adapter.sqlite;

import io.chatflow.kit.MessageStoreContract;
import io.chatflow.kit.Stores;

class SqliteMessageStoreTest extends MessageStoreContract {
  @Override
  protected Stores newStores() {
    return KitStores.fresh();
  }
}
