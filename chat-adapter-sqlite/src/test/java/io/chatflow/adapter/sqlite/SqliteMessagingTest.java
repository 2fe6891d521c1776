package io.chatflow.adapter.sqlite;

import io.chatflow.kit.MessagingContract;
import io.chatflow.kit.Stores;

class SqliteMessagingTest extends MessagingContract {
  @Override
  protected Stores newStores() {
    return KitStores.fresh();
  }
}
