package io.chatflow.adapter.sqlite;

import io.chatflow.kit.ConversationsContract;
import io.chatflow.kit.Stores;

class SqliteConversationsTest extends ConversationsContract {
  @Override
  protected Stores newStores() {
    return KitStores.fresh();
  }
}
