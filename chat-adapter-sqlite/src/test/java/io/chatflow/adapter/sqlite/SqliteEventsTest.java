package io.chatflow.adapter.sqlite;

import io.chatflow.kit.EventsContract;
import io.chatflow.kit.Stores;

class SqliteEventsTest extends EventsContract {
  @Override
  protected Stores newStores() {
    return KitStores.fresh();
  }
}
