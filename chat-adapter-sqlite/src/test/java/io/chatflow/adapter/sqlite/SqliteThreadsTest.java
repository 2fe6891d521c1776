package io.chatflow.adapter.sqlite;

import io.chatflow.kit.ThreadsContract;
import io.chatflow.kit.Stores;

class SqliteThreadsTest extends ThreadsContract {
  @Override
  protected Stores newStores() {
    return KitStores.fresh();
  }
}
