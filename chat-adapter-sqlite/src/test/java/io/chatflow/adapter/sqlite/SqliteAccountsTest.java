package io.chatflow.adapter.sqlite;

import io.chatflow.kit.AccountsContract;
import io.chatflow.kit.Stores;

class SqliteAccountsTest extends AccountsContract {
  @Override
  protected Stores newStores() {
    return KitStores.fresh();
  }
}
