package io.chatflow.adapter.sqlite;

import io.chatflow.kit.SearchContract;
import io.chatflow.kit.Stores;

class SqliteSearchTest extends SearchContract {
  @Override
  protected Stores newStores() {
    return KitStores.fresh();
  }
}
