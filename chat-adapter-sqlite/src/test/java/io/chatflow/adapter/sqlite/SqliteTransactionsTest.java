package io.chatflow.adapter.sqlite;

import io.chatflow.kit.TransactionsContract;
import io.chatflow.kit.Stores;

class SqliteTransactionsTest extends TransactionsContract {
  @Override
  protected Stores newStores() {
    return KitStores.fresh();
  }
}
