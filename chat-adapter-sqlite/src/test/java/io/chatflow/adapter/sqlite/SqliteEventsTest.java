package io.chatflow.adapter.sqlite;

import io.chatflow.kit.LiveHandOffContract;
import io.chatflow.kit.Stores;

class SqliteEventsTest extends LiveHandOffContract {
  @Override
  protected Stores newStores() {
    return KitStores.fresh();
  }
}
