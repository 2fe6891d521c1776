package io.chatflow.adapter.sqlite;

import io.chatflow.kit.SessionsContract;
import io.chatflow.kit.Stores;

class SqliteSessionsTest extends SessionsContract {
  @Override
  protected Stores newStores() {
    return KitStores.fresh();
  }
}
