package io.chatflow.adapter.sqlite;

import io.chatflow.kit.ReactionsContract;
import io.chatflow.kit.Stores;

class SqliteReactionsTest extends ReactionsContract {
  @Override
  protected Stores newStores() {
    return KitStores.fresh();
  }
}
