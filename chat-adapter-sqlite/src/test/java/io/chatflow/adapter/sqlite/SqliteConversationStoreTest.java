package io.chatflow.adapter.sqlite;

import io.chatflow.kit.ConversationStoreContract;
import io.chatflow.kit.Stores;

class SqliteConversationStoreTest extends ConversationStoreContract {
  @Override
  protected Stores newStores() {
    return KitStores.fresh();
  }
}
