package io.chatflow.adapter.sqlite;

import io.chatflow.kit.UserStoreContract;
import io.chatflow.kit.Stores;

class SqliteUserStoreTest extends UserStoreContract {
  @Override
  protected Stores newStores() {
    return KitStores.fresh();
  }
}
